"""Every packaged engine data file is read through ``engine/data_files``; a broken one is a ConfigError."""
from __future__ import annotations

import pytest
import yaml

from oncostruct.engine import routing_table, validate
from oncostruct.engine.cdm import DocType
from oncostruct.engine.data_files import data_text, data_yaml
from oncostruct.engine.errors import ConfigError


def test_routing_and_validation_tables_come_from_the_shared_reader() -> None:
    routing_table.default_routing.cache_clear()
    validate.rules.cache_clear()
    try:
        assert routing_table.default_routing().routes == routing_table.parse_routing(
            data_yaml("routing.yaml"), "x").routes
        assert validate.rules() == yaml.safe_load(data_text("validation.yaml"))
        assert routing_table.default_routing().components_for(DocType.pathology)
    finally:
        routing_table.default_routing.cache_clear()
        validate.rules.cache_clear()


@pytest.mark.parametrize("error", [OSError("gone"), yaml.YAMLError("bad indent")])
def test_an_unreadable_routing_or_validation_file_is_a_config_error(
        monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def broken(name: str) -> object:
        raise error
    monkeypatch.setattr(routing_table, "data_yaml", broken)
    monkeypatch.setattr(validate, "data_yaml", broken)
    routing_table.default_routing.cache_clear()
    validate.rules.cache_clear()
    try:
        with pytest.raises(ConfigError, match="routing.yaml"):
            routing_table.default_routing()
        with pytest.raises(ConfigError, match="validation.yaml"):
            validate.rules()
    finally:
        routing_table.default_routing.cache_clear()
        validate.rules.cache_clear()


def test_no_engine_module_reads_engine_data_by_itself() -> None:
    from pathlib import Path
    engine = Path(routing_table.__file__).parent
    offenders = [p.name for p in engine.rglob("*.py")
                 if p.name != "data_files.py" and 'joinpath("data/' in p.read_text(encoding="utf-8")]
    assert offenders == []
