"""Every store finds its database the same way."""

from pathlib import Path

from common.db_urls import ROOT, database_url


def test_a_configured_url_wins(tmp_path: Path) -> None:
    env = {"PERSONAL_DB_URL": "postgresql://u@127.0.0.1/p", "VAR_DIR": str(tmp_path)}
    assert database_url("PERSONAL_DB_URL", "personal.db", env) == "postgresql://u@127.0.0.1/p"


def test_otherwise_sqlite_in_var_dir_which_is_created(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    url = database_url("PERSONAL_DB_URL", "personal.db", {"VAR_DIR": str(folder)})
    assert url == f"sqlite:///{folder / 'personal.db'}"
    assert folder.is_dir()


def test_default_var_dir_is_at_the_repository_top_whatever_the_working_directory(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert database_url("X_DB_URL", "x.db", {}) == f"sqlite:///{ROOT / 'var' / 'x.db'}"
