"""Companion package of the course *How CNNs see images*.

Everything the chapters compute or draw lives here, tested on its own, so the
notebooks stay short. ``import companion`` is fast and never imports
TensorFlow; the modules that need TF import it lazily through
:func:`companion.tf_support.import_tensorflow`.
"""

from companion import images, kernels, ops

__all__ = ["images", "kernels", "ops"]
__version__ = "0.1.0"
