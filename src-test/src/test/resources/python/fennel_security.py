"""Turns on Celery's message signing for a test app, with the key and certificate a test made.

The folder holds signer.key and signer.pem (made by the test with openssl); every *.pem in it
is trusted. Results stay JSON, so the client reads them with result_accept_content=['json'].
"""
import os


def sign_and_verify(app, folder):
    app.conf.update(
        security_key=os.path.join(folder, "signer.key"),
        security_certificate=os.path.join(folder, "signer.pem"),
        security_cert_store=os.path.join(folder, "*.pem"),
        security_digest="sha256",
        task_serializer="auth",
        accept_content=["auth"],
        result_accept_content=["json"],
    )
    app.setup_security()
