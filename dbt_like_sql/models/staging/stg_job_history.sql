-- One row per job per day it was open (or closed that day): the job as the history held it at the end
-- of `snapshot_date`.
select
    partition_date as snapshot_date,
    {{ week_start('partition_date') }} as week_start,
    job_id,
    provider,
    company,
    title,
    coalesce(role_family, 'other') as role_family,
    seniority,
    workplace_type,
    coalesce(country_code, '') as country_code,
    compensation_min,
    compensation_max,
    compensation_currency,
    compensation_interval,
    status,
    first_seen,
    last_seen,
    closed_on,
    days_active,
    reopened_count
from {{ source('jobintel', 'job_history') }}
