"""Gap reports: one leaf module per format (`render(run, opts, ctx) -> str`), fed by one RunResult.

Entry points for commands: `options.output_options` (click options), `emit.emit` (render, write,
return the exit code), `progress.Progress`. The exit policy lives in `checker.gate`.
"""
