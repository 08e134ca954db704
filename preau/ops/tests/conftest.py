from preau.storage.testing import local_files, s3_endpoint, s3_files  # noqa: F401
