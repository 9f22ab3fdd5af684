"""The README's offline install: a venv on the system's packages, `pip install
--no-build-isolation .` from the checkout with no package index, then the package imported from
the venv (not the build tree) runs a model."""
import os
import pathlib
import subprocess
import sys

from conftest import FIXTURES

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_pip_installs_offline_into_a_venv(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    # The tree CTest built: setup.py only brings it up to date instead of compiling a second one.
    env["ATTNSCOPE_BUILD_DIR"] = os.environ.get("ATTNSCOPE_BUILD_DIR", str(ROOT / "build"))
    install = subprocess.run([venv / "bin" / "pip", "install", "--no-build-isolation", "--no-index",
                              "--disable-pip-version-check", str(ROOT)],
                             env=env, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    assert "Successfully installed attnscope-0.1.0" in install.stdout

    probe = ("import sys, attnscope\n"
             "out = attnscope.load(sys.argv[1])('The cat sat on the mat.')\n"
             "print(attnscope.__file__)\n"
             "print(len(out.attentions), out.attentions[0].shape, out.tokens[0][1])\n")
    run = subprocess.run([venv / "bin" / "python", "-c", probe, FIXTURES / "models" / "tiny-bert"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    package_file, shapes = run.stdout.splitlines()
    assert pathlib.Path(package_file).is_relative_to(venv), package_file
    assert shapes == "3 (1, 4, 9, 9) the", shapes
