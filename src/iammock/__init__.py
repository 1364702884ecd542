"""iammock: IAM and STS for tests, in process."""
