# User code + webserver + daemon image for docker-compose.yml.
FROM python:3.12-slim
WORKDIR /opt/tapflow
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir uv==0.13.8 && uv pip sync --system requirements.lock
COPY saas_datagen ./saas_datagen
COPY dbt_project ./dbt_project
COPY dagster.yaml workspace.yaml ./
RUN uv pip install --system --no-deps -e . \
    && dagster-dbt project prepare-and-package --file saas_datagen/dbt_project.py
ENV DAGSTER_HOME=/opt/dagster_home
# polars' allocator returns freed memory at once (saas_datagen/memory.py)
ENV _RJEM_MALLOC_CONF=dirty_decay_ms:0,muzzy_decay_ms:0
RUN mkdir -p $DAGSTER_HOME && cp dagster.yaml $DAGSTER_HOME/dagster.yaml
