"""The national platform's (SIPOT) formats: their rules, a record's typed rows, and the XLSX
layout that is exported and imported."""
