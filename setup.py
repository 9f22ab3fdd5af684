"""Builds the extension module _attnscope with the project's own CMake, so that pip and the
README's build compile the same code the same way.

The CMake build folder is $ATTNSCOPE_BUILD_DIR, else build/ of the checkout. A folder that is
already configured (it has a CMakeCache.txt: the README's own build) is only brought up to date,
never reconfigured, so `pip install .` after `cmake --build build` compiles nothing new; an empty
one is configured as a Release build for this interpreter.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = Path(os.environ.get("ATTNSCOPE_BUILD_DIR", ROOT / "build")).resolve()
        if not (build_dir / "CMakeCache.txt").exists():
            subprocess.run(["cmake", "-S", str(ROOT), "-B", str(build_dir),
                            "-DCMAKE_BUILD_TYPE=Release", f"-DPython3_EXECUTABLE={sys.executable}"],
                           check=True)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "_attnscope",
                        "-j", str(os.cpu_count() or 1)], check=True)
        built = next((build_dir / "python" / "attnscope").glob("_attnscope*.so"), None)
        if built is None:
            sys.exit(f"attnscope: CMake built no _attnscope module in {build_dir}/python/attnscope; "
                     "is pybind11-dev installed and ATTNSCOPE_PYTHON on?")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)


setup(ext_modules=[CMakeExtension("attnscope._attnscope")],
      cmdclass={"build_ext": CMakeBuild},
      # setuptools' own scratch space, inside CMake's folder rather than beside the checkout.
      options={"build": {"build_base": "build/setuptools"}})
