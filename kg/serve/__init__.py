"""``kg serve``: a SPARQL 1.1 Protocol endpoint with a query page (see :mod:`kg.serve.app`)."""

from kg.serve.app import KgServer, ServeConfig, make_server

__all__ = ["KgServer", "ServeConfig", "make_server", "serve"]


def serve(config: ServeConfig, ready=None) -> None:
    """Run the endpoint until interrupted (Ctrl-C or SIGTERM); stop the engine after.

    With ``--allow-update`` the build lock is held while serving (the server writes
    the store), and updates become a new snapshot at exit.  ``ready(server)`` is
    called once the socket listens (the CLI prints the address).
    """
    import contextlib
    import signal

    from kg.graph.store import StoreDir

    lock = StoreDir(config.store).lock() if config.allow_update else contextlib.nullcontext()
    with lock:
        server = make_server(config)

        def on_term(signum, frame):  # SIGTERM -> the same clean path as Ctrl-C
            raise KeyboardInterrupt

        old = signal.signal(signal.SIGTERM, on_term)
        try:
            if ready:
                ready(server)
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, old)
            server.server_close()
            server.engine.stop()
            try:
                server.engine.publish()
            finally:
                server.engine.close()
