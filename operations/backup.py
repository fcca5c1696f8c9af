"""Backup and restore of the database and the uploaded media, for the `backup` and `restore` commands.

A backup is one folder: `database.pgdump` (PostgreSQL, pg_dump custom format) or
`database.sqlite3` (SQLite, through SQLite's online backup API), a `media/` copy of every
file in the default storage (local folder or S3 alike), and `manifest.json` with the SHA-256
of each file. The database is dumped first and media copied after it, so every file a
dumped row points to is in the backup (uploads are stored before their row is committed).
Restore checks every checksum before it touches anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = 1
DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why, in words for an operator."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_names(storage=default_storage, top=""):
    """Every file name in the storage, walked through the Storage API (works for S3 too)."""
    try:
        dirs, files = storage.listdir(top)
    except FileNotFoundError:
        return []
    names = [f"{top}/{name}" if top else name for name in files]
    for directory in dirs:
        names += media_names(storage, f"{top}/{directory}" if top else directory)
    return sorted(names)


def safe_media_name(name):
    """Refuse names from a manifest that would write outside the media folder."""
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or ".." in parts or "\\" in name or any(ord(c) < 32 for c in name):
        raise BackupError(f"Nama berkas tidak aman di manifest: {name!r}")
    return name


def _pg_environment():
    settings_dict = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command):
    try:
        result = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"Program {command[0]} tidak ditemukan; pasang klien PostgreSQL.") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {result.stderr.strip()}")


def _dump_database(target):
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupError(f"Basis data {vendor} belum didukung; gunakan PostgreSQL atau SQLite.")
    path = target / DUMP_FILES[vendor]
    if vendor == "postgresql":
        # One snapshot of the whole database: pg_dump reads inside a single repeatable-read transaction.
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}",
              f"--dbname={connection.settings_dict['NAME']}"])
    else:
        connection.ensure_connection()
        destination = sqlite3.connect(path)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    return path


def create_backup(output_dir, storage=default_storage):
    """Write a new backup folder under `output_dir` and return its path."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
    target = Path(output_dir) / f"backup-{stamp}"
    target.mkdir(parents=True)
    dump = _dump_database(target)
    media = []
    for name in media_names(storage):
        destination = target / "media" / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(destination, "wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
        media.append({"name": name, "size": destination.stat().st_size, "sha256": sha256_of(destination)})
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database": {"file": dump.name, "size": dump.stat().st_size, "sha256": sha256_of(dump)},
        "media": media,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


def read_manifest(path):
    """Load and verify a backup: format, engine and every checksum, before anything is changed."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} bukan folder cadangan yang terbaca ({error}).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"Cadangan ini dari {manifest['engine']}, basis data sekarang {connection.vendor}.")
    files = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    files += [(f"media/{safe_media_name(item['name'])}", item["sha256"]) for item in manifest["media"]]
    for relative, expected in files:
        file_path = path / relative
        if not file_path.is_file() or sha256_of(file_path) != expected:
            raise BackupError(f"Berkas cadangan {relative} hilang atau rusak (checksum berbeda).")
    return manifest


def _restore_database(path, manifest):
    dump = Path(path) / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        # Our own open connection would hold locks that DROP TABLE waits for.
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(dump)])
    else:
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def restore_backup(path, storage=default_storage):
    """Bring back the database and media of a backup; returns (media restored, media already equal)."""
    manifest = read_manifest(path)
    _restore_database(path, manifest)
    restored = unchanged = 0
    for item in manifest["media"]:
        name, source = item["name"], Path(path) / "media" / item["name"]
        if storage.exists(name):
            with storage.open(name, "rb") as current:
                if hashlib.file_digest(current, "sha256").hexdigest() == item["sha256"]:
                    unchanged += 1
                    continue
            storage.delete(name)
        with open(source, "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"Penyimpanan menyimpan {name} sebagai {saved}.")
        restored += 1
    # Cached pages were built from the data that was just replaced.
    cache.clear()
    return restored, unchanged
