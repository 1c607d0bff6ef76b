"""Execute a notebook through a real Jupyter client (nbclient) with a given kernelspec, validate the result
with nbformat, write it, and print each code cell's text output as JSON lines for the mocha test to check.

usage: execute_nbclient.py NOTEBOOK OUT KERNEL_NAME
The kernelspec must be findable by jupyter_client (the caller sets JUPYTER_PATH).
"""
import json
import sys

import nbformat
from nbclient import NotebookClient

src, out, kernel = sys.argv[1:4]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name=kernel, timeout=300, startup_timeout=60, allow_errors=False)
client.execute()
nbformat.validate(nb)
nbformat.write(nb, out)
for i, cell in enumerate(nb.cells):
    if cell.cell_type != "code":
        continue
    texts = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            texts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            texts.append(o.data.get("text/plain", ""))
    print(json.dumps({"cell": i, "text": "".join(t if t.endswith("\n") else t + "\n" for t in texts)}))
