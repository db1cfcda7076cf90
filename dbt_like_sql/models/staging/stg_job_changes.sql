-- One row per job change; `role_family` from the history of the same day.
select
    c.partition_date as change_date,
    {{ week_start('c.partition_date') }} as week_start,
    c.job_id,
    c.change,
    c.provider,
    c.company,
    c.title,
    coalesce(h.role_family, 'other') as role_family
from {{ source('jobintel', 'job_changes') }} as c
left join {{ source('jobintel', 'job_history') }} as h
    on c.partition_date = h.partition_date and c.job_id = h.job_id
