"""An S3 server (moto's, over HTTP) for the deployment tests: see tests/s3.py."""

from tests.s3 import s3_bucket, s3_server

__all__ = ["s3_bucket", "s3_server"]
