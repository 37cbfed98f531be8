"""The spec stage: find and load civarchive.yaml into validated models (design §3).

``loader`` (load_spec), ``locate`` (find_spec), ``models``, ``init`` and ``schema`` hold
the parts; nothing is imported here, so that finding a spec does not load pydantic.
"""
