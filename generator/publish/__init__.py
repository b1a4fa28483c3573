"""``sdkgen publish``: upload every client sdist and wheel in ``dist/`` the index lacks.

A release (one version of one distribution) already on the index with the same bytes is
skipped; one there with other bytes is refused (a published version never changes); a release
the index has part of gets the missing files. Files are uploaded one by one with twine, and
what the index received is said exactly when an upload fails. The entry point is
:func:`generator.publish.run.run_publish`.
"""
