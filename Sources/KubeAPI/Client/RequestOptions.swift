/// Query parameters of a list call (`GET` on a collection).
public struct ListOptions: Sendable, Equatable {
    /// `labelSelector`, e.g. `node-role.kubernetes.io/worker,app in (a,b)`.
    public var labelSelector: String?
    /// `fieldSelector`, e.g. `metadata.name=node-1`.
    public var fieldSelector: String?
    /// `limit`: page size; the server returns a `continue` token when more remain.
    public var limit: Int?
    /// `continue` token from the previous page.
    public var continueToken: String?
    /// `resourceVersion`: unset for a consistent (quorum) read, `"0"` for
    /// any cached state. Not sent with a continue token (the server refuses it).
    public var resourceVersion: String?
    /// `resourceVersionMatch` (`Exact`, `NotOlderThan`).
    public var resourceVersionMatch: String?

    public init(labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil,
                continueToken: String? = nil, resourceVersion: String? = nil, resourceVersionMatch: String? = nil) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continueToken = continueToken
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
    }

    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        if let limit, limit > 0 { items.append(QueryItem("limit", String(limit))) }
        if let continueToken, !continueToken.isEmpty {
            items.append(QueryItem("continue", continueToken))
        } else {
            if let resourceVersion { items.append(QueryItem("resourceVersion", resourceVersion)) }
            if let resourceVersionMatch, resourceVersion != nil { items.append(QueryItem("resourceVersionMatch", resourceVersionMatch)) }
        }
        return items
    }
}

/// Query parameters of a watch.
public struct WatchOptions: Sendable, Equatable {
    /// Start after this version (the list's `metadata.resourceVersion`);
    /// unset or `"0"` starts with synthetic `ADDED` events for every object.
    public var resourceVersion: String?
    public var labelSelector: String?
    public var fieldSelector: String?
    /// `timeoutSeconds`: the server ends the watch after this long.
    public var timeoutSeconds: Int?
    /// `allowWatchBookmarks`: ask for `BOOKMARK` events carrying only a newer
    /// `resourceVersion`, so a quiet watch can resume without a relist.
    public var allowBookmarks: Bool

    public init(resourceVersion: String? = nil, labelSelector: String? = nil, fieldSelector: String? = nil,
                timeoutSeconds: Int? = nil, allowBookmarks: Bool = true) {
        self.resourceVersion = resourceVersion
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.timeoutSeconds = timeoutSeconds
        self.allowBookmarks = allowBookmarks
    }

    var queryItems: [QueryItem] {
        var items = [QueryItem("watch", "true")]
        if let resourceVersion, !resourceVersion.isEmpty { items.append(QueryItem("resourceVersion", resourceVersion)) }
        if allowBookmarks { items.append(QueryItem("allowWatchBookmarks", "true")) }
        if let timeoutSeconds { items.append(QueryItem("timeoutSeconds", String(timeoutSeconds))) }
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        return items
    }
}

/// Query parameters shared by create, update and patch.
public struct WriteOptions: Sendable, Equatable {
    /// `fieldManager`; `nil` uses the configuration's (`nncp-guard`).
    public var fieldManager: String?
    /// `dryRun=All`: validate and admit, but store nothing.
    public var dryRun: Bool
    /// `fieldValidation` (`Strict`, `Warn`, `Ignore`); `nil` leaves the server default.
    public var fieldValidation: String?

    public init(fieldManager: String? = nil, dryRun: Bool = false, fieldValidation: String? = nil) {
        self.fieldManager = fieldManager
        self.dryRun = dryRun
        self.fieldValidation = fieldValidation
    }

    func queryItems(defaultFieldManager: String) -> [QueryItem] {
        var items: [QueryItem] = []
        if dryRun { items.append(QueryItem("dryRun", "All")) }
        let manager = fieldManager ?? defaultFieldManager
        if !manager.isEmpty { items.append(QueryItem("fieldManager", manager)) }
        if let fieldValidation { items.append(QueryItem("fieldValidation", fieldValidation)) }
        return items
    }
}

/// Body of a delete (`meta.k8s.io/v1 DeleteOptions`).
public struct DeleteOptions: Sendable, Equatable {
    /// Only delete this version (409 Conflict otherwise).
    public var preconditionResourceVersion: String?
    /// Only delete the object with this uid (409 Conflict otherwise).
    public var preconditionUID: String?
    /// `Orphan`, `Background` or `Foreground`.
    public var propagationPolicy: String?
    public var gracePeriodSeconds: Int?
    public var dryRun: Bool

    public init(preconditionResourceVersion: String? = nil, preconditionUID: String? = nil,
                propagationPolicy: String? = nil, gracePeriodSeconds: Int? = nil, dryRun: Bool = false) {
        self.preconditionResourceVersion = preconditionResourceVersion
        self.preconditionUID = preconditionUID
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.dryRun = dryRun
    }

    var isEmpty: Bool { self == DeleteOptions() }
}
