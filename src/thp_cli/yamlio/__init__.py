"""Reading and writing YAML text: loading with positions, file bounds, parallel parsing,
emitting and splicing. It knows YAML, not partnerships."""
