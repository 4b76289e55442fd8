"""De-identification of clinical text: PHI recognizers as data, keyed surrogates, date shifting, offset maps.

``detect`` finds PHI spans (:mod:`.detect`), ``surrogates`` picks their replacements (:mod:`.surrogates`)
and :class:`~.component.DeidComponent` (registered as ``deid``) is what the pipeline's deidentify stage runs.
"""
