{#
    The segment keys KPI marts report by: each segment of var kpi_segments plus 'all'. Join rows to
    it with `on <row>.segment = segment_keys.segment_key or segment_keys.segment_key = 'all'` so each
    row counts in its segment and in 'all' (an unknown segment only in 'all').
#}
{% macro segment_keys() -%}
    {%- for segment in var('kpi_segments') + ['all'] %}
        select '{{ segment }}' as segment_key
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
