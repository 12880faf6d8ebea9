/// `ethtool` (`ifaces/ethtool.rs`): deny everywhere except the feature map,
/// whose names are free strings at parse time.
extension NMStateSchema {
    static let ethtool = SchemaNode.object("EthtoolConfig", doc: "Ethtool settings of the network card.", [
        Field("pause", ethtoolPause),
        Field("feature", .map(.custom(.ethtoolFeature)), doc: "Feature name (or ethtool CLI alias) to on/off."),
        Field("coalesce", ethtoolCoalesce),
        Field("ring", ethtoolRing),
        Field("fec", ethtoolFec, since: .v2_2_43),
    ])

    static let ethtoolPause = SchemaNode.object("EthtoolPauseConfig", doc: "Pause frame settings.", [
        Field("rx", .boolLenient),
        Field("tx", .boolLenient),
        Field("autoneg", .boolLenient),
    ])

    static let ethtoolCoalesce = SchemaNode.object("EthtoolCoalesceConfig", doc: "Interrupt coalescing settings.",
        [Field("adaptive-rx", .boolLenient), Field("adaptive-tx", .boolLenient)]
        + [
            "pkt-rate-high", "pkt-rate-low", "rx-frames", "rx-frames-high", "rx-frames-irq", "rx-frames-low",
            "rx-usecs", "rx-usecs-high", "rx-usecs-irq", "rx-usecs-low", "sample-interval", "stats-block-usecs",
            "tx-frames", "tx-frames-high", "tx-frames-irq", "tx-frames-low", "tx-usecs", "tx-usecs-high",
            "tx-usecs-irq", "tx-usecs-low",
        ].map { Field($0, .u32) })

    static let ethtoolRing = SchemaNode.object("EthtoolRingConfig", doc: "RX/TX ring sizes.",
        ["rx", "rx-max", "rx-jumbo", "rx-jumbo-max", "rx-mini", "rx-mini-max", "tx", "tx-max"].map { Field($0, .u32) })

    static let ethtoolFec = SchemaNode.object("EthtoolFecConfig", doc: "Forward error correction.", [
        Field("auto", .boolLenient, doc: "Automatic FEC; `mode` is ignored when true."),
        Field("mode", .enumeration(["off", "rs", "baser", "llrs"])),
    ])
}
