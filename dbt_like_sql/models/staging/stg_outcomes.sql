-- One row per move of a job to an outcome stage (the tracker's history), from the latest export: each
-- export holds them all as of its date.
with latest as (
    select max(partition_date) as partition_date
    from {{ source('jobintel', 'outcomes') }}
)

select
    e.happened_on,
    {{ week_start('e.happened_on') }} as week_start,
    e.profile,
    e.job_id,
    e.step,
    e.stage
from {{ source('jobintel', 'outcomes') }} as e
inner join latest as l on e.partition_date = l.partition_date
