# Put first on PYTHONPATH (`make test WITHOUT=torch`), this directory makes
# `import torch` fail as it does on a machine without PyTorch, so the tests
# that need it are seen to skip, and the run to pass, where PyTorch is
# installed too.
raise ImportError("PyTorch is hidden for this run (make test WITHOUT=torch)")
