"""The JSON API under /api/v1/ (django-ninja): the public part a reader's
tools use without an account, and the newsroom's part, with a personal API
token, for everything the workspace does. Both call the same domain
functions the pages call; nothing here decides a rule of its own."""
