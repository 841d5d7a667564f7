"""The background tasks of capture, on Django's tasks framework.

The queue lives in the project's database (django-tasks-db), so any number
of ``manage.py db_worker`` processes on any number of machines share it; a
task holds only a job's id, and the job row (``sources.models.CaptureJob``)
holds its progress for the page a journalist watches.
"""

from django.tasks import task

from sources.capture import jobs


@task()
def capture_task(job_id: int) -> None:
    """Fetch, archive and extract, or re-check, as the job says."""
    jobs.run_job(job_id)
