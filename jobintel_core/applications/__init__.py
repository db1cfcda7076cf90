"""From résumé to application: import a résumé into a structured form, then write per-job drafts
(tailored CV, cover letter, brief) that say nothing the résumé does not.

The web app and the CLI call ``api``: functions that take bytes and names and return models.
"""
