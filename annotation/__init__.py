"""The human-review loop: labelling configs from the CDM, push with pre-annotations, pull into gold data.

Modules: ``label_config`` (configs per document kind), ``tasks``/``lab_tasks`` (Records → tasks with
predictions), ``active_learning`` (task order), ``push``/``pull``/``merge`` (the loop), ``store``
(gold store, SQLAlchemy), ``export`` (span JSONL, lab-label JSON), ``queue`` (embedded queue),
``client`` (Label Studio via label-studio-sdk), ``cli`` (``oncostruct review``).
"""
