{#- See macro cohort_retention for the definitions. -#}
{{ cohort_retention(period='month', by_segment=true) }}
