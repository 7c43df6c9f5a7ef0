"""`poaqa bench`: how fast the service answers, builds and scales (in process, over HTTP, at synthetic sizes)."""
