# The image behind docker-compose.yml: every service of the lab runs `jdns <command>` from it.
# Stage 1 builds cli/target/jdns.jar (the zones/ folder is built into it too); stage 2 runs it on a JRE.
FROM maven:3-eclipse-temurin-25 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

# The jdns launcher runs the jar, as on a host: it picks the collector and the heap (for the resolver, --cache-size
# plus a fixed headroom), so the image and ./jdns cannot disagree. JDK 25: the launcher's first run here writes the
# AOT cache (its loopback-only training run, `jdns aot-training`), so containers start with it and write nothing.
FROM eclipse-temurin:25-jre
COPY --from=build /src/cli/target/jdns.jar /opt/jdns/cli/target/jdns.jar
COPY jdns /opt/jdns/jdns
COPY zones /zones
ENV JDNS_AOT=on
RUN /opt/jdns/jdns --version && ls /opt/jdns/cli/target/jdns-*.aot
EXPOSE 53/udp 53/tcp
# `jdns health` asks a real question and exits 0 on an answer (docs/operations.md). The defaults suit a resolver
# listening on 127.0.0.1:53; an authoritative server needs one of its zones (JDNS_HEALTH_NAME) and its address.
# docker-compose.yml sets a check per service instead.
ENV JDNS_HEALTH_SERVER=127.0.0.1:53 JDNS_HEALTH_NAME=.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s \
    CMD /opt/jdns/jdns health --server "$JDNS_HEALTH_SERVER" --name "$JDNS_HEALTH_NAME"
ENTRYPOINT ["/opt/jdns/jdns"]
CMD ["--help"]
