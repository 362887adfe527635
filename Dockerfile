# syntax=docker/dockerfile:1
#
# MozDef: one image for every service.
#
#   docker build -t mozdef .
#   docker run mozdef run <ingest|enrich|indexer|alerter|api>   one service (one Kubernetes Deployment each)
#   docker run mozdef setup                                     Kafka topics, index templates, migrations
#   docker run -p 8000:8000 -p 8080:8080 mozdef up              everything, embedded backends in the volume
#
# Stages: `python` builds the virtual environment from the hash-locked requirements and writes the
# OpenAPI document; `web` builds the analysts' web app, its API client generated from that document;
# `runtime` holds the two and nothing else (no compiler, no package manager cache, no sources).
# The runtime runs as 10001:10001 and writes only to MOZDEF_DATA_DIR (a volume) and /tmp, so it runs
# with a read-only root filesystem (`docker run --read-only --tmpfs /tmp …`; the Helm chart mounts
# emptyDirs). No Docker engine runs on the development machines:
# tests/deploy/test_dockerfile.py lints this file, and users and CI build it elsewhere.

# Bump with Python's patch releases; the runtime must use the same image as the `python` stage,
# whose interpreter the virtual environment points at. A digest (`@sha256:…`) pins them further.
ARG PYTHON_IMAGE=python:3.11.14-slim-trixie
# Only the build runs Node.js; its output is static files, so it runs on the builder's platform.
ARG NODE_IMAGE=node:24.20.0-trixie-slim

FROM ${PYTHON_IMAGE} AS python
WORKDIR /src
# Two environments from two locks (`make lock` writes both from dev.txt's versions): the build backend's,
# used once to build MozDef's wheel, and the runtime's, which ships. Wheels only: no compiler needed.
COPY requirements/build.txt requirements/runtime.txt requirements/
RUN python -m venv /opt/build \
    && /opt/build/bin/pip install --no-cache-dir --require-hashes --only-binary=:all: \
        -r requirements/build.txt \
    && python -m venv /opt/mozdef/venv \
    && /opt/mozdef/venv/bin/pip install --no-cache-dir --no-compile --require-hashes --only-binary=:all: \
        -r requirements/runtime.txt
COPY pyproject.toml README.md ./
COPY libs libs
COPY services services
COPY cli cli
# Byte code is compiled here, never to be checked against the sources again (the image does not change):
# at run time the root filesystem is read-only and Python could not write it.
RUN /opt/build/bin/pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /tmp/wheel . \
    && /opt/mozdef/venv/bin/pip install --no-cache-dir --no-deps --no-compile /tmp/wheel/mozdef-*.whl \
    && /opt/mozdef/venv/bin/python -m compileall -q --invalidation-mode unchecked-hash /opt/mozdef/venv/lib \
    && /opt/mozdef/venv/bin/python -m mozdef_api.openapi /src/openapi.json

FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/index.html web/vite.config.ts web/tsconfig.json web/tsconfig.app.json web/tsconfig.node.json ./
COPY web/public public
COPY web/src src
COPY --from=python /src/openapi.json openapi.json
RUN npm run build

FROM ${PYTHON_IMAGE} AS runtime
ARG PYTHON_IMAGE
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="MozDef" \
      org.opencontainers.image.description="MozDef rebuilt: ingest, search, detect and handle security incidents together in real time" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MPL-2.0" \
      org.opencontainers.image.base.name="${PYTHON_IMAGE}"
# A named user for tools that look one up; Kubernetes runs the numeric one (runAsUser: 10001).
RUN groupadd --system --gid 10001 mozdef \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /var/lib/mozdef \
        --shell /usr/sbin/nologin mozdef \
    && install --directory --owner=10001 --group=10001 --mode=0750 /var/lib/mozdef
# Owned by root: the services read their code and the web app, never change them.
COPY --from=python /opt/mozdef/venv /opt/mozdef/venv
COPY --from=web /src/web/dist /opt/mozdef/web
ENV PATH=/opt/mozdef/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MOZDEF_DATA_DIR=/var/lib/mozdef \
    MOZDEF_WEB_DIR=/opt/mozdef/web \
    MOZDEF_BIND=0.0.0.0
USER 10001:10001
WORKDIR /var/lib/mozdef
VOLUME ["/var/lib/mozdef"]
# ingest, api and web UI, and the Prometheus endpoint of enrich, indexer and alerter (MOZDEF_METRICS_PORT,
# off unless set; ingest and api serve /metrics on their own port).
EXPOSE 8080 8000 9102
# No HEALTHCHECK: which port answers depends on the service the command runs; Kubernetes probes
# /healthz and /readyz per service (docs/health.md).
ENTRYPOINT ["mozdef"]
CMD ["run", "api"]
