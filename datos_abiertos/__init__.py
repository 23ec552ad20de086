"""The open-data catalogue at /datos-abiertos/: every public dataset, its downloads, data.json,
DCAT JSON-LD and schema.org markup, under the Términos de Libre Uso MX."""
