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
RUN /opt/jdns/jdns --version && ls /opt/jdns/cli/target/jdns-*.aot
EXPOSE 53/udp 53/tcp
ENTRYPOINT ["/opt/jdns/jdns"]
CMD ["--help"]
