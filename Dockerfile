# Multi-stage build: a static binary on a distroless base, running as non-root.
#   docker build -t feedcurator .
#   docker run -p 8080:8080 -v feedcurator-data:/data -v $PWD/config.yaml:/config.yaml:ro feedcurator
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /feedcurator ./cmd/feedcurator

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /feedcurator /feedcurator
# The config should set listen: 0.0.0.0:8080 and data_dir: /data.
ENV FEEDCURATOR_CONFIG=/config.yaml
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/feedcurator"]
CMD ["run"]
