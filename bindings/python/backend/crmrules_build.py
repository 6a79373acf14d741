# SPDX-License-Identifier: MIT
"""The build backend (PEP 517) of the crmrules binding.

CMake builds the extension module, compiling the C library from this
repository and linking it in statically; this file packs the module and the
Python files as a wheel. It needs the standard library and cmake only: no
setuptools, no wheel, no network. (pyenv's Python 3.11 has no `wheel`,
without which the setuptools it has cannot build a wheel at all, and PyPI
is not always reachable.)

By default the module is built in bindings/python/build/, one tree per
interpreter, kept for the next install. CRMRULES_BUILD_DIR=DIR takes it
instead from a build tree of the repository configured with the same
interpreter (what `make check` does), without building anything.
"""

import base64
import hashlib
import os
import re
import subprocess
import sys
import sysconfig
import zipfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
ROOT = os.path.dirname(os.path.dirname(HERE))
PACKAGE = os.path.join(HERE, "src", "crmrules")
SUMMARY = "Customer-policy decisions from YAML rule files (crmrules, C11), for Python"


def _version():
    with open(os.path.join(ROOT, "include", "crmrules.h"), encoding="utf-8") as f:
        return re.search(r'#define CRM_VERSION_STRING "([^"]+)"', f.read()).group(1)


def _tag():
    py = "cp%d%d" % sys.version_info[:2]
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return "%s-%s%s-%s" % (py, py, sys.abiflags, plat)


def _dist_info():
    return "crmrules-%s.dist-info" % _version()


def _metadata_files():
    metadata = (
        "Metadata-Version: 2.1\n"
        "Name: crmrules\n"
        "Version: %s\n"
        "Summary: %s\n"
        "License: MIT\n"
        "Requires-Python: >=3.10\n" % (_version(), SUMMARY)
    )
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: crmrules_build\n"
        "Root-Is-Purelib: false\n"
        "Tag: %s\n" % _tag()
    )
    return {"METADATA": metadata, "WHEEL": wheel, "top_level.txt": "crmrules\n"}


def _run(cmd):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def _module():
    """The path of the built extension module."""
    name = "_crmrules" + sysconfig.get_config_var("EXT_SUFFIX")
    build = os.environ.get("CRMRULES_BUILD_DIR")
    if build:
        path = os.path.join(build, "bindings", "python", "crmrules", name)
        if not os.path.isfile(path):
            raise RuntimeError(
                "CRMRULES_BUILD_DIR=%s has no %s: configure that tree with this interpreter "
                "(-DPython3_EXECUTABLE=%s) and build its target crmrules_python"
                % (build, name, sys.executable))
        return path
    # one tree per interpreter installation (venvs of one Python share it)
    key = hashlib.sha256(os.path.realpath(sys.base_prefix).encode()).hexdigest()[:8]
    build = os.path.join(HERE, "build", "cmake-%s-%s" % (sys.implementation.cache_tag, key))
    _run(["cmake", "-S", ROOT, "-B", build, "-DCMAKE_BUILD_TYPE=Release",
          "-DCRM_BUILD_TESTS=OFF", "-DCRM_BUILD_EXAMPLES=OFF", "-DCRM_BUILD_PYTHON=ON",
          "-DPython3_EXECUTABLE=" + sys.executable])
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
    _run(["cmake", "--build", build, "--target", "crmrules_python", "-j", jobs])
    return os.path.join(build, "bindings", "python", "crmrules", name)


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d\n" % (arcname, digest, len(data))


# ---- PEP 517 hooks --------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    path = os.path.join(metadata_directory, _dist_info())
    os.makedirs(path, exist_ok=True)
    for name, text in _metadata_files().items():
        with open(os.path.join(path, name), "w", encoding="utf-8") as f:
            f.write(text)
    return _dist_info()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    files = []
    for name in sorted(os.listdir(PACKAGE)):
        if name.endswith((".py", ".pyi")) or name == "py.typed":
            files.append(("crmrules/" + name, os.path.join(PACKAGE, name)))
    module = _module()
    files.append(("crmrules/" + os.path.basename(module), module))
    wheel = "crmrules-%s-%s.whl" % (_version(), _tag())
    dist = _dist_info()
    record = ""
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w",
                         compression=zipfile.ZIP_DEFLATED) as z:
        for arcname, path in files:
            with open(path, "rb") as f:
                data = f.read()
            info = zipfile.ZipInfo(arcname, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if arcname.endswith(".so") else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            record += _record_line(arcname, data)
        for name, text in _metadata_files().items():
            arcname = "%s/%s" % (dist, name)
            z.writestr(arcname, text)
            record += _record_line(arcname, text.encode())
        z.writestr("%s/RECORD" % dist, record + "%s/RECORD,,\n" % dist)
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    raise RuntimeError("the crmrules binding is built from the repository "
                       "(it compiles the C library beside it): pip install ./bindings/python")
