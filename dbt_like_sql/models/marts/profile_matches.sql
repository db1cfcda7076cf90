-- Where a profile's matches come from: per week, profile, company and role family, the matching
-- jobs (each job's latest score that week) and the best score among them.
with latest as (
    select
        s.*,
        row_number()
            over (partition by s.profile, s.week_start, s.job_id order by s.scored_on desc)
            as newest_first
    from {{ ref('stg_job_scores') }} as s
)

select
    l.week_start,
    l.profile,
    l.company,
    coalesce(h.role_family, 'other') as role_family,
    count(*) as matches,
    max(l.score) as best_score
from latest as l
left join {{ ref('stg_job_history') }} as h on l.scored_on = h.snapshot_date and l.job_id = h.job_id
where l.newest_first = 1 and l.is_match
group by l.week_start, l.profile, l.company, coalesce(h.role_family, 'other')
