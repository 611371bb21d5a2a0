{#- See macro cohort_retention for the definitions. -#}
{{ cohort_retention(period='quarter', by_segment=false) }}
