{#
    Label a value against a row of the expansion_benchmark_bands seed (joined as `bands_alias`):
    the best band it reaches, or the below label. Thresholds left empty in the seed are skipped.
#}
{% macro benchmark_band(value_expression, bands_alias) -%}
    case
        when {{ value_expression }} is null or {{ bands_alias }}.metric_key is null then null
        when {{ bands_alias }}.direction = 'higher_is_better' then
            case
                when {{ bands_alias }}.best_value is not null and {{ value_expression }} >= {{ bands_alias }}.best_value
                    then {{ bands_alias }}.best_label
                when {{ bands_alias }}.good_value is not null and {{ value_expression }} >= {{ bands_alias }}.good_value
                    then {{ bands_alias }}.good_label
                when {{ value_expression }} >= {{ bands_alias }}.floor_value then {{ bands_alias }}.floor_label
                else {{ bands_alias }}.below_label
            end
        else
            case
                when {{ bands_alias }}.best_value is not null and {{ value_expression }} <= {{ bands_alias }}.best_value
                    then {{ bands_alias }}.best_label
                when {{ bands_alias }}.good_value is not null and {{ value_expression }} <= {{ bands_alias }}.good_value
                    then {{ bands_alias }}.good_label
                when {{ value_expression }} <= {{ bands_alias }}.floor_value then {{ bands_alias }}.floor_label
                else {{ bands_alias }}.below_label
            end
    end
{%- endmacro %}
