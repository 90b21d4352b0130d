"""Fetching web pages: http(s) only, with time-outs and a size bound, then read like files.

urllib loads with the first address (it costs the app's start-up 40 ms otherwise)."""

from __future__ import annotations

import posixpath
import time
from collections.abc import Generator

from stancemark.store.article import Article
from stancemark.store.readers.decoding import known_codec
from stancemark.store.problems import Problem

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20  # seconds to connect, and between two pieces of the answer
DEADLINE = 60  # seconds for the whole download
USER_AGENT = "stancemark (article import)"
TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
         "text/markdown": ".md", "application/json": ".json", "application/x-ndjson": ".jsonl",
         "application/jsonl": ".jsonl", "application/octet-stream": ""}


def is_url(item: str) -> bool:
    """Whether an import argument is a web address rather than a path."""
    return item[:8].lower().startswith(("http://", "https://"))


def _opener():
    """A urllib opener that follows redirects to http(s) addresses only."""
    import urllib.error
    import urllib.parse
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            if not is_url(urllib.parse.urljoin(req.full_url, newurl)):
                raise urllib.error.HTTPError(newurl, code, "redirect to a non-web address",
                                             headers, fp)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(HttpOnlyRedirects)


def _download(url: str) -> tuple[bytes, str, str | None, str] | Problem:
    """The body, content type, charset and final address of ``url``; or why not."""
    import http.client
    import urllib.error
    import urllib.request

    opener = _opener()
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    started = time.monotonic()
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            length = answer.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > MAX_BYTES:
                return Problem(url, f"too large ({int(length) / 1e6:.1f} MB; the limit is "
                                    f"{MAX_BYTES // 1_000_000} MB): not downloaded")
            chunks, size = [], 0
            while chunk := answer.read(64 * 1024):
                size += len(chunk)
                if size > MAX_BYTES:
                    return Problem(url, f"too large (over {MAX_BYTES // 1_000_000} MB): the "
                                        "download was stopped")
                if time.monotonic() - started > DEADLINE:
                    return Problem(url, f"took over {DEADLINE} s to download: stopped")
                chunks.append(chunk)
            return (b"".join(chunks), answer.headers.get_content_type(),
                    known_codec(answer.headers.get_content_charset()), answer.geturl())
    except urllib.error.HTTPError as exc:
        return Problem(url, f"the server answered {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return Problem(url, f"cannot be fetched ({getattr(exc.reason, 'strerror', None) or exc.reason})")
    except TimeoutError:
        return Problem(url, f"did not answer within {TIMEOUT} s")
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return Problem(url, f"cannot be fetched ({exc})")


def read_url(url: str) -> Generator[Article | Problem, None, None]:
    """The article(s) at a web address."""
    import urllib.parse

    from stancemark.store.readers import read_bytes

    got = _download(url)
    if isinstance(got, Problem):
        yield got
        return
    data, content_type, charset, final = got
    suffix = TYPES.get(content_type)
    if suffix is None and not content_type.startswith("text/"):
        yield Problem(url, f"is {content_type}, not a web page or text: skipped")
        return
    suffix = suffix or posixpath.splitext(urllib.parse.urlsplit(final).path)[1]
    yield from read_bytes(data, url, suffix, declared=charset, url=final)
