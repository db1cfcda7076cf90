-- Per week, role family, country, currency and pay interval: the jobs listed with pay and the
-- quartiles of their range's midpoint (a one-sided range counts as its one side). Only where known.
with paid as (
    select
        week_start,
        role_family,
        country_code,
        compensation_currency as currency,
        compensation_interval as pay_interval,
        (coalesce(compensation_min, compensation_max) + coalesce(compensation_max, compensation_min)) / 2.0
            as midpoint
    from {{ ref('weekly_job_versions') }}
    where
        compensation_currency is not null
        and coalesce(compensation_min, compensation_max) is not null
)

select
    week_start,
    role_family,
    country_code,
    currency,
    pay_interval,
    count(*) as jobs,
    min(midpoint) as low,
    percentile_cont(0.25) within group (order by midpoint) as p25,
    {{ median('midpoint') }} as median,
    percentile_cont(0.75) within group (order by midpoint) as p75,
    max(midpoint) as high
from paid
group by week_start, role_family, country_code, currency, pay_interval
