{#
    Post-hook of the incremental monthly score models (erw.rescoring): delete the stored rows whose
    input row (model `inputs_model`, same `keys`) is gone, e.g. a month no longer scored. The model
    itself only writes rows that still have an input. Incremental runs only. (A model name, not a
    ref: hooks set in YAML are rendered where ref is not defined.)
#}
{% macro delete_rows_without_inputs(inputs_model, keys) -%}
    {%- if execute and is_incremental() -%}
        {%- set inputs = ref(inputs_model) -%}
        {%- set matched = [] -%}
        {%- for key in keys -%}
            {%- do matched.append('stored.' ~ key ~ ' = inputs.' ~ key) -%}
        {%- endfor -%}
        {{ delete_stored_rows(this, keys,
            'from ' ~ this ~ ' as stored left join ' ~ inputs ~ ' as inputs on ' ~ matched | join(' and ')
            ~ ' where inputs.' ~ keys[0] ~ ' is null'
        ) }}
    {%- endif -%}
{%- endmacro %}
