-- One row per job per day it was listed (a job listed by two providers' boards counts once per board).
select
    partition_date as seen_on,
    {{ week_start('partition_date') }} as week_start,
    provider,
    job_id,
    company,
    title,
    coalesce(role_family, 'other') as role_family,
    seniority,
    workplace_type,
    remote_region,
    coalesce(country_code, '') as country_code,
    compensation_min,
    compensation_max,
    compensation_currency,
    compensation_interval
from {{ source('jobintel', 'jobs') }}
