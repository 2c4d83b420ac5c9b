#!/bin/sh
# Builds (once) the Python virtual environment one benchmark participant runs in and prints its
# interpreter. Each environment pins its packages and lives under
# ${XDG_CACHE_HOME:-~/.cache}/sextant/venvs/<name>-<version>; a finished one carries a stamp with
# its package list, so a second call returns at once and a changed pin builds a new directory.
#   sh bench/optimizer/venv.sh objectives|optuna|hebo|smac|sweeps
set -eu
name=${1:?usage: venv.sh objectives|optuna|hebo|smac|sweeps}
# torch from the registry carries its CUDA libraries (about 6 GB an environment) even on a CPU-only machine.
case "$name" in
  objectives) version=1 packages="numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1" ;;
  optuna) version=5.0.0 packages="optuna==5.0.0 cmaes==0.13.1 scipy==1.17.1 numpy==2.4.6 torch==2.15.0" ;;
  hebo) version=0.3.6 packages="hebo==0.3.6 numpy==1.24.4 scipy==1.11.4 pandas==2.0.3 pymoo==0.6.0 GPy==1.13.2 torch==2.15.0 scikit-learn==1.3.2 catboost==1.2.7" ;;
  smac) version=2.4.1 packages="smac==2.4.1 ConfigSpace==1.2.2 numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1" ;;
  sweeps) version=0.2.0 packages="sweeps==0.2.0 pydantic==1.10.21 numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1" ;;
  *) echo "venv.sh: unknown environment '$name' (objectives, optuna, hebo, smac, sweeps)" >&2; exit 2 ;;
esac
dir="${XDG_CACHE_HOME:-$HOME/.cache}/sextant/venvs/$name-$version"
stamp="$dir/.sextant-packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$packages" ]; then
  echo "$dir/bin/python"
  exit 0
fi
python=$(command -v python3.11 || command -v python3)
echo "venv.sh: building $dir ($packages)" >&2
rm -rf "$dir"
"$python" -m venv "$dir" >&2
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check $packages >&2
printf %s "$packages" > "$stamp"
echo "$dir/bin/python"
