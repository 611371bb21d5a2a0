{#-
    Every transition into the condition of a trigger that needs no score (usage, CRM and billing
    families), with the cooldown walked in time order (macro trigger_firings_detected): is_fired =
    false marks a candidate the cooldown suppressed. The score-based triggers are walked the same way
    after the score marts, in fct_score_trigger_firings; fct_triggers unions the two.
    Uses a recursive CTE (standard SQL; DuckDB, Postgres, Snowflake, BigQuery, Redshift).
-#}
with recursive

usage_signals as (

    select * from {{ ref('int_usage_signals_observed') }}

),

usage_window_signals as (

    select * from {{ ref('int_usage_window_signals_observed') }}

),

crm_signals as (

    select * from {{ ref('int_crm_signals_observed') }}

),

billing_signals as (

    select * from {{ ref('int_billing_signals_observed') }}

),

customer_spans as (

    select * from {{ ref('int_account_customer_spans_derived') }}

),

accounts as (

    select * from {{ ref('int_crm__accounts_cleaned') }}

),

catalogue as (

    select * from {{ ref('trigger_catalogue') }}

),

observations as (

    select * from usage_signals
    union all
    select * from usage_window_signals
    union all
    select * from crm_signals
    union all
    select * from billing_signals

),

{{ trigger_firings_detected() }}

select * from final
