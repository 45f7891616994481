"""The theme ships inside the package: theme/ stays at the top of the project (where a fork
edits it and mkdocs.yml's custom_dir finds it), and the build copies it to generator/theme in
the wheel, where the plugin finds it when the project has no theme/ of its own (plugin.py).
Everything else is in pyproject.toml."""

import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithTheme(build_py):
    def run(self):
        super().run()
        if not self.editable_mode:  # an editable install reads theme/ where it is
            shutil.copytree(os.path.join(HERE, "theme"), os.path.join(self.build_lib, "generator", "theme"),
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))


setup(cmdclass={"build_py": BuildWithTheme})
