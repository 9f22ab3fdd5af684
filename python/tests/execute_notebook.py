"""Runs the example notebook headless in a real Jupyter kernel and exports it as HTML, as a user
would with `jupyter nbconvert --execute --to html`; any cell that raises fails the run.

    execute_notebook.py NOTEBOOK HTML_OUT

The kernel inherits this process's environment: PYTHONPATH finds the package under test and
ATTNSCOPE_BERT / ATTNSCOPE_GPT2 name the checkpoints the notebook loads.
"""
import os
import pathlib
import sys

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter


def output_kinds(cell):
    return {kind for output in cell.get("outputs", []) for kind in output.get("data", {})}


def main(notebook_path, html_path):
    notebook = nbformat.read(notebook_path, as_version=4)
    workdir = pathlib.Path(html_path).parent
    workdir.mkdir(parents=True, exist_ok=True)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()

    # Figures come back inline as PNG (the default inline format), the explorer as HTML.
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    drawn = sum(1 for cell in cells if "image/png" in output_kinds(cell))
    pages = sum(1 for cell in cells if "text/html" in output_kinds(cell))
    if drawn < 6 or pages < 1:
        sys.exit(f"execute_notebook: {drawn} cells drew a figure (6 expected) and {pages} showed "
                 "the explorer (1 expected)")

    html, _ = HTMLExporter().from_notebook_node(notebook)
    partial = html_path + ".incomplete"
    pathlib.Path(partial).write_text(html, encoding="utf-8")
    os.replace(partial, html_path)
    print(f"executed {len(cells)} code cells; {drawn} figures; wrote {html_path}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
