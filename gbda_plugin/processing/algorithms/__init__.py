"""One Processing algorithm per module, named after the core function it calls."""
