"""nni.utils.merge_parameter, as NNI defines it, for trial code that uses it."""

__all__ = ["merge_parameter"]


def merge_parameter(base_params, override_params):
    """Updates base_params (an argparse namespace or a dict) in place with override_params
    (usually nni.get_next_parameter()) and returns it. Every key must exist in base_params,
    with a compatible type (an int may replace a float)."""
    if override_params is None:
        return base_params
    is_dict = isinstance(base_params, dict)
    for k, v in override_params.items():
        if is_dict:
            if k not in base_params:
                raise ValueError("Key '%s' not found in base parameters." % k)
            base_params[k] = _ensure_compatible_type(k, base_params[k], v)
        else:
            if not hasattr(base_params, k):
                raise ValueError("Key '%s' not found in base parameters." % k)
            setattr(base_params, k, _ensure_compatible_type(k, getattr(base_params, k), v))
    return base_params


def _ensure_compatible_type(key, base, override):
    if base is None:
        return override
    if isinstance(override, type(base)):
        return override
    if isinstance(base, float) and isinstance(override, int):
        return float(override)
    raise ValueError('Expected "%s" in override parameters to have type %s, but found %s'
                     % (key, type(base).__name__, type(override).__name__))
