{#- The Monday a date falls in, as a date, on both engines (PostgreSQL's date_trunc returns a
    timestamp, DuckDB's a date or timestamp depending on version). -#}
{% macro week_start(column) -%}
    cast(date_trunc('week', {{ column }}) as date)
{%- endmacro %}

{#- x / y as a double, NULL when y is 0 (DuckDB divides integers as floats, PostgreSQL truncates). -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as double precision) / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- A median both engines compute identically. -#}
{% macro median(column) -%}
    percentile_cont(0.5) within group (order by {{ column }})
{%- endmacro %}
