# The image behind docker-compose.yml: every service of the lab runs `jdns <command>` from it.
# Stage 1 builds cli/target/jdns.jar (the zones/ folder is built into it too); stage 2 runs it on a JRE.
FROM maven:3-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:21-jre
COPY --from=build /src/cli/target/jdns.jar /opt/jdns/jdns.jar
COPY zones /zones
EXPOSE 53/udp 53/tcp
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xmx128m", "-jar", "/opt/jdns/jdns.jar"]
CMD ["--help"]
