//! What a CSV column means: the [`Column`]s of each [`TableKind`], the header names (aliases)
//! that map onto them, the unit a header names, and the table kind a set of headers suggests.

use serde::{Deserialize, Serialize};

/// The three tables planners bring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableKind {
    Orders,
    Vehicles,
    Depots,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Orders, TableKind::Vehicles, TableKind::Depots];

    pub fn name(self) -> &'static str {
        match self {
            TableKind::Orders => "orders",
            TableKind::Vehicles => "vehicles",
            TableKind::Depots => "depots",
        }
    }
}

/// What one CSV column holds. Several tables share a column (`Id`, `Lat`, `Lon`, `Skills`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Id,
    Lat,
    Lon,
    Skills,
    /// A street address: read only to say that it cannot be used (Lastmile does not geocode).
    Address,
    // Orders.
    /// Demand in the named capacity dimension (`kg`, `parcels` …).
    Demand(String),
    Service,
    WindowStart,
    WindowEnd,
    /// Several windows in one cell: `09:00-11:00; 14:00-16:00`.
    Windows,
    Priority,
    Optional,
    Value,
    /// The depot an order must be loaded at.
    Depot,
    /// Which way the goods go: `delivery` (the default), `pickup` or `return`, in seven
    /// languages and the words of common exports (`drop-off`, `collection`).
    OrderType,
    /// Where a shipment's goods are collected, by the vehicle that delivers them at the order:
    /// both coordinates make the order a shipment.
    PickupLat,
    PickupLon,
    /// The pickup's own id (`<order id>-pickup` when not given).
    PickupId,
    PickupService,
    PickupWindowStart,
    PickupWindowEnd,
    /// Several pickup windows in one cell, as [`Column::Windows`].
    PickupWindows,
    // Vehicles.
    Kind,
    Count,
    Profile,
    /// Capacity in the named dimension; `None`: the first dimension.
    Capacity(Option<String>),
    StartDepot,
    EndDepot,
    /// Where a vehicle starts (and ends, unless `EndLat`/`EndLon` say otherwise), as coordinates:
    /// depots are made as needed.
    StartLat,
    StartLon,
    EndLat,
    EndLon,
    /// Where a vehicle starts or ends, as a street address: read only to say that it cannot be
    /// used (Lastmile does not geocode), never as a depot id.
    StartAddress,
    EndAddress,
    ShiftStart,
    ShiftEnd,
    BreakStart,
    BreakEnd,
    BreakDuration,
    MaxDuration,
    MaxDistanceKm,
    FixedCost,
    CostPerKm,
    CostPerHour,
    Co2,
    SpeedKmh,
    Circuity,
    /// Depot ids a vehicle may reload at between trips (separated as skills are).
    ReloadDepots,
    /// How long a reload takes; `yes` / `no` also say whether the vehicle reloads.
    ReloadDuration,
    /// The most trips in a shift (1: no reload).
    MaxTrips,
    // Depots.
    Open,
    Close,
    /// Opening hours in one cell: `07:00-20:00`.
    Hours,
}

impl Column {
    /// The column as the report and the mapping step name it: `lat`, `window start`,
    /// `demand (kg)`.
    pub fn label(&self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(name)) => name.replace('_', " "),
            Ok(serde_json::Value::Object(map)) => map
                .iter()
                .map(|(k, v)| match v.as_str() {
                    // `demand` of the dimension `demand`: one word is enough.
                    Some(d) if d == k => k.replace('_', " "),
                    d => format!("{} ({})", k.replace('_', " "), d.unwrap_or("first")),
                })
                .collect::<Vec<_>>()
                .join(""),
            _ => format!("{self:?}").to_lowercase(),
        }
    }
}

/// Latitude and longitude as the seven languages write them (orders and depots alike).
const LATITUDE: &[&str] =
    &["lat", "latitude", "y", "breite", "breitengrad", "latitud", "latitudine", "breedtegraad", "breedte"];
const LONGITUDE: &[&str] = &[
    "lon",
    "lng",
    "long",
    "longitude",
    "x",
    "länge",
    "laenge",
    "längengrad",
    "laengengrad",
    "longitud",
    "longitudine",
    "lengtegraad",
    "lengte",
];

/// Header names per column, best first (normalised: lower case without spaces, `_`, `-`, `.`),
/// in English, then German, French, Spanish, Italian, Dutch and Portuguese. A demand or capacity
/// alias also names its dimension, unless the header gives a unit (`Load 1 (kg)` → `kg`).
const ORDERS: &[(&[&str], Col)] = &[
    (
        &[
            "id",
            "orderid",
            "order",
            "reference",
            "ref",
            "orderref",
            "ordernumber",
            "orderno",
            "jobid",
            "job",
            "name",
            "auftragsnummer",
            "auftragsnr",
            "auftrag",
            "bestellnummer",
            "bestellnr",
            "lieferscheinnummer",
            "nr",
            "commande",
            "numérodecommande",
            "numerodecommande",
            "référence",
            "pedido",
            "númerodepedido",
            "numerodepedido",
            "referencia",
            "ordine",
            "numeroordine",
            "riferimento",
            "bestelling",
            "ordernummer",
            "referentie",
            "encomenda",
            "referência",
        ],
        Col::Id,
    ),
    (LATITUDE, Col::Lat),
    (LONGITUDE, Col::Lon),
    (
        &[
            "demand",
            "quantity",
            "qty",
            "weight",
            "kg",
            "parcels",
            "volume",
            "litres",
            "liters",
            "load",
            "gewicht",
            "menge",
            "pakete",
            "volumen",
            "poids",
            "quantité",
            "colis",
            "peso",
            "cantidad",
            "bultos",
            "quantità",
            "colli",
            "aantal",
            "pakketten",
            "quantidade",
            "volumes",
        ],
        Col::Demand,
    ),
    (
        &[
            "service",
            "servicetime",
            "serviceduration",
            "duration",
            "stoptime",
            "dwelltime",
            "servicezeit",
            "standzeit",
            "haltezeit",
            "dauer",
            "durée",
            "duree",
            "tempsdeservice",
            "duración",
            "duracion",
            "tiempodeservicio",
            "durata",
            "tempodiservizio",
            "servicetijd",
            "duur",
            "duração",
            "duracao",
            "tempodeserviço",
        ],
        Col::Service,
    ),
    (
        &[
            "windowstart",
            "twstart",
            "timewindowstart",
            "from",
            "earliest",
            "ready",
            "readytime",
            "starttime",
            "start",
            "von",
            "ab",
            "zeitfenstervon",
            "zeitfensterbeginn",
            "lieferungab",
            "début",
            "debut",
            "heuredébut",
            "desde",
            "horainicio",
            "dalle",
            "inizio",
            "van",
            "vanaf",
            "início",
            "inicio",
        ],
        Col::WindowStart,
    ),
    (
        &[
            "windowend",
            "twend",
            "timewindowend",
            "to",
            "latest",
            "due",
            "duedate",
            "endtime",
            "end",
            "bis",
            "zeitfensterbis",
            "zeitfensterende",
            "lieferungbis",
            "fin",
            "heurefin",
            "hasta",
            "horafin",
            "alle",
            "fine",
            "tot",
            "totuiterlijk",
            "até",
            "ate",
            "fim",
        ],
        Col::WindowEnd,
    ),
    (
        &[
            "windows",
            "timewindows",
            "window",
            "timewindow",
            "slots",
            "slot",
            "zeitfenster",
            "lieferfenster",
            "créneau",
            "creneau",
            "créneaux",
            "franjahoraria",
            "ventana",
            "fasciaoraria",
            "finestra",
            "tijdvak",
            "tijdslot",
            "tijdvenster",
            "janela",
            "janelahorária",
            "janelahoraria",
        ],
        Col::Windows,
    ),
    (
        &[
            "skills",
            "requirements",
            "tags",
            "skill",
            "fähigkeiten",
            "anforderungen",
            "compétences",
            "competences",
            "exigences",
            "habilidades",
            "requisitos",
            "competenze",
            "requisiti",
            "vaardigheden",
            "vereisten",
        ],
        Col::Skills,
    ),
    (
        &[
            "priority",
            "prio",
            "priorität",
            "prioritaet",
            "dringlichkeit",
            "priorité",
            "priorite",
            "prioridad",
            "priorità",
            "priorita",
            "prioriteit",
            "prioridade",
        ],
        Col::Priority,
    ),
    (&["optional", "optionnel", "opcional", "opzionale", "optioneel"], Col::Optional),
    (&["value", "wert", "valeur", "valor", "valore", "waarde"], Col::Value),
    (&["depot", "hub", "depotid", "lager", "dépôt", "almacén", "deposito", "magazzino", "armazém"], Col::Depot),
    (
        &[
            "type",
            "ordertype",
            "tasktype",
            "jobtype",
            "stoptype",
            "task",
            "typ",
            "auftragsart",
            "auftragstyp",
            "typedecommande",
            "typedetâche",
            "tipo",
            "tipodepedido",
            "tipoordine",
            "soort",
            "ordersoort",
            "tipodeencomenda",
        ],
        Col::OrderType,
    ),
    (
        &[
            "pickuplat",
            "pickuplatitude",
            "pickupy",
            "collectionlat",
            "collectionlatitude",
            "abholungbreite",
            "abholbreite",
            "breiteabholung",
            "abholunglat",
            "latenlèvement",
            "latenlevement",
            "latitudeenlèvement",
            "latitudeenlevement",
            "latrecogida",
            "latitudrecogida",
            "latritiro",
            "latitudineritiro",
            "ophaalbreedte",
            "ophaallat",
            "latcoleta",
            "latitudecoleta",
        ],
        Col::PickupLat,
    ),
    (
        &[
            "pickuplon",
            "pickuplng",
            "pickuplongitude",
            "pickupx",
            "collectionlon",
            "collectionlng",
            "collectionlongitude",
            "abholunglänge",
            "abholunglaenge",
            "abhollänge",
            "längeabholung",
            "abholunglon",
            "lonenlèvement",
            "lonenlevement",
            "longitudeenlèvement",
            "longitudeenlevement",
            "lonrecogida",
            "longitudrecogida",
            "lonritiro",
            "longitudineritiro",
            "ophaallengte",
            "ophaallon",
            "loncoleta",
            "longitudecoleta",
        ],
        Col::PickupLon,
    ),
    (
        &[
            "pickupid",
            "pickupref",
            "pickupreference",
            "collectionid",
            "abholnummer",
            "abholungid",
            "référenceenlèvement",
            "referenceenlevement",
            "referenciarecogida",
            "riferimentoritiro",
            "ophaalreferentie",
            "referênciacoleta",
            "referenciacoleta",
        ],
        Col::PickupId,
    ),
    (
        &[
            "pickupservice",
            "pickupservicetime",
            "pickupduration",
            "collectionservice",
            "abholdauer",
            "servicezeitabholung",
            "duréeenlèvement",
            "dureeenlevement",
            "duraciónrecogida",
            "duracionrecogida",
            "durataritiro",
            "ophaalduur",
            "duraçãocoleta",
            "duracaocoleta",
        ],
        Col::PickupService,
    ),
    (
        &[
            "pickupwindowstart",
            "pickupstart",
            "pickupfrom",
            "pickupearliest",
            "pickupready",
            "abholungab",
            "abholungvon",
            "débutenlèvement",
            "debutenlevement",
            "recogidadesde",
            "ritirodalle",
            "ophalenvanaf",
            "coletadesde",
        ],
        Col::PickupWindowStart,
    ),
    (
        &[
            "pickupwindowend",
            "pickupend",
            "pickupto",
            "pickuplatest",
            "pickupdue",
            "abholungbis",
            "finenlèvement",
            "finenlevement",
            "recogidahasta",
            "ritiroalle",
            "ophalentot",
            "coletaaté",
            "coletaate",
        ],
        Col::PickupWindowEnd,
    ),
    (
        &[
            "pickupwindows",
            "pickupwindow",
            "pickuptimewindow",
            "pickuptimewindows",
            "pickupslot",
            "collectionwindow",
            "collectionslot",
            "abholfenster",
            "abholzeitfenster",
            "zeitfensterabholung",
            "créneauenlèvement",
            "creneauenlevement",
            "ventanarecogida",
            "franjarecogida",
            "fasciaritiro",
            "finestraritiro",
            "ophaalvenster",
            "ophaaltijdvak",
            "janelacoleta",
            "janeladecoleta",
        ],
        Col::PickupWindows,
    ),
    (
        &[
            "address",
            "street",
            "streetaddress",
            "deliveryaddress",
            "addressline1",
            "straße",
            "strasse",
            "adresse",
            "anschrift",
            "lieferadresse",
            "rue",
            "dirección",
            "direccion",
            "calle",
            "domicilio",
            "indirizzo",
            "via",
            "adres",
            "straat",
            "afleveradres",
            "endereço",
            "endereco",
            "morada",
            "rua",
        ],
        Col::Address,
    ),
];

const VEHICLES: &[(&[&str], Col)] = &[
    (
        &[
            "id",
            "name",
            "vehicle",
            "vehicleid",
            "fahrzeug",
            "kennzeichen",
            "véhicule",
            "vehículo",
            "veicolo",
            "voertuig",
            "veículo",
        ],
        Col::Id,
    ),
    (&["type", "kind", "vehicletype", "fahrzeugtyp", "typ", "typedevéhicule", "tipo", "soort"], Col::Kind),
    (
        &[
            "count",
            "quantity",
            "number",
            "qty",
            "fleetsize",
            "anzahl",
            "nombre",
            "cantidad",
            "quantità",
            "aantal",
            "quantidade",
        ],
        Col::Count,
    ),
    (&["profile", "mode", "travelmode", "vehicleprofile"], Col::Profile),
    (
        &[
            "capacity",
            "maxload",
            "payload",
            "kapazität",
            "kapazitaet",
            "nutzlast",
            "zuladung",
            "capacité",
            "capacite",
            "chargeutile",
            "capacidad",
            "cargaútil",
            "capacità",
            "portata",
            "capaciteit",
            "laadvermogen",
            "capacidade",
        ],
        Col::Capacity,
    ),
    (
        &[
            "load", "weight", "kg", "parcels", "volume", "litres", "liters", "gewicht", "volumen", "poids", "peso",
            "volumes",
        ],
        Col::Load,
    ),
    (&["start", "startdepot", "depot", "hub", "startlocation"], Col::StartDepot),
    (&["end", "enddepot", "endlocation"], Col::EndDepot),
    (
        &[
            "startaddress",
            "depotaddress",
            "startlocationaddress",
            "startadresse",
            "adressededépart",
            "adressededepart",
            "direccióndesalida",
            "direcciondesalida",
            "indirizzodipartenza",
            "startadres",
            "endereçodepartida",
        ],
        Col::StartAddress,
    ),
    (
        &[
            "endaddress",
            "endlocationaddress",
            "zieladresse",
            "endadresse",
            "adressedarrivée",
            "adressedarrivee",
            "direccióndellegada",
            "direcciondellegada",
            "indirizzodiarrivo",
            "eindadres",
            "endereçodechegada",
        ],
        Col::EndAddress,
    ),
    (
        &[
            "startlat",
            "startlatitude",
            "depotlat",
            "depotlatitude",
            "startlocationlat",
            "startbreite",
            "depotbreite",
            "latdépart",
            "latdepart",
            "latituddesalida",
        ],
        Col::StartLat,
    ),
    (
        &[
            "startlon",
            "startlng",
            "startlongitude",
            "depotlon",
            "depotlng",
            "depotlongitude",
            "startlocationlon",
            "startlocationlng",
            "startlänge",
            "depotlänge",
            "londépart",
            "londepart",
            "longituddesalida",
        ],
        Col::StartLon,
    ),
    (&["endlat", "endlatitude", "endlocationlat", "zielbreite", "latarrivée", "latarrivee"], Col::EndLat),
    (
        &[
            "endlon",
            "endlng",
            "endlongitude",
            "endlocationlon",
            "endlocationlng",
            "ziellänge",
            "lonarrivée",
            "lonarrivee",
        ],
        Col::EndLon,
    ),
    (
        &["shiftstart", "starttime", "shiftfrom", "availablefrom", "twstart", "schichtbeginn", "arbeitsbeginn"],
        Col::ShiftStart,
    ),
    (&["shiftend", "endtime", "shiftto", "availableuntil", "twend", "schichtende", "arbeitsende"], Col::ShiftEnd),
    (&["breakstart", "breakfrom"], Col::BreakStart),
    (&["breakend", "breakto", "breakuntil"], Col::BreakEnd),
    (&["breakduration", "break", "breaklength", "pause"], Col::BreakDuration),
    (&["maxduration", "maxhours", "maxtime", "maxworkingtime"], Col::MaxDuration),
    (&["maxdistancekm", "rangekm", "maxdistance", "range", "maxkm", "reichweite"], Col::MaxDistanceKm),
    (
        &[
            "skills",
            "capabilities",
            "equipment",
            "tags",
            "fähigkeiten",
            "ausstattung",
            "compétences",
            "habilidades",
            "competenze",
            "vaardigheden",
        ],
        Col::Skills,
    ),
    (&["fixedcost", "costfixed", "fixed", "costpervehicle"], Col::FixedCost),
    (&["costperkm", "perkm", "kmcost", "costkm"], Col::CostPerKm),
    (&["costperhour", "perhour", "hourlycost", "hourlyrate", "costhour"], Col::CostPerHour),
    (&["co2gperkm", "co2", "co2perkm", "emissions"], Col::Co2),
    (&["speedkmh", "speed"], Col::SpeedKmh),
    (&["circuity"], Col::Circuity),
    (
        &[
            "reloaddepots",
            "reloaddepot",
            "reloadat",
            "reloadhubs",
            "nachladedepots",
            "nachladedepot",
            "dépôtsderechargement",
            "depotsderechargement",
            "depósitosderecarga",
            "depositosderecarga",
            "depositidiricarico",
            "herlaaddepots",
        ],
        Col::ReloadDepots,
    ),
    (
        &[
            "reloadduration",
            "reload",
            "reloadtime",
            "nachladezeit",
            "nachladedauer",
            "nachladen",
            "duréederechargement",
            "dureederechargement",
            "rechargement",
            "tiempoderecarga",
            "tempodiricarico",
            "ricarico",
            "herlaadtijd",
            "herladen",
            "tempoderecarga",
        ],
        Col::ReloadDuration,
    ),
    (
        &[
            "maxtrips",
            "trips",
            "maxtours",
            "tours",
            "maxfahrten",
            "fahrten",
            "maxtouren",
            "touren",
            "tournéesmax",
            "tourneesmax",
            "nombredetournées",
            "maxviajes",
            "viajes",
            "maxviaggi",
            "viaggi",
            "maxritten",
            "ritten",
            "maxviagens",
            "viagens",
        ],
        Col::MaxTrips,
    ),
];

const DEPOTS: &[(&[&str], Col)] = &[
    (
        &[
            "id",
            "name",
            "depot",
            "depotid",
            "hub",
            "warehouse",
            "site",
            "lager",
            "dépôt",
            "almacén",
            "magazzino",
            "magazijn",
            "armazém",
        ],
        Col::Id,
    ),
    (LATITUDE, Col::Lat),
    (LONGITUDE, Col::Lon),
    (&["open", "opening", "opens", "opentime", "openingtime", "from", "start"], Col::Open),
    (&["close", "closing", "closes", "closetime", "closingtime", "to", "end"], Col::Close),
    (
        &["hours", "openinghours", "window", "öffnungszeiten", "horaires", "horario", "orario", "openingstijden"],
        Col::Hours,
    ),
    (
        &[
            "address",
            "street",
            "straße",
            "strasse",
            "adresse",
            "anschrift",
            "dirección",
            "direccion",
            "indirizzo",
            "adres",
            "endereço",
            "endereco",
        ],
        Col::Address,
    ),
];

/// A column before its dimension is known (for `Demand` and `Capacity`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Id,
    Lat,
    Lon,
    Skills,
    Address,
    Demand,
    Service,
    WindowStart,
    WindowEnd,
    Windows,
    Priority,
    Optional,
    Value,
    Depot,
    OrderType,
    PickupLat,
    PickupLon,
    PickupId,
    PickupService,
    PickupWindowStart,
    PickupWindowEnd,
    PickupWindows,
    Kind,
    Count,
    Profile,
    Capacity,
    /// A vehicle's capacity under a demand's name (`Load 1 (kg)`, `Gewicht kg`): shared with
    /// orders tables, so it does not decide the kind of a file.
    Load,
    StartDepot,
    EndDepot,
    StartLat,
    StartLon,
    EndLat,
    EndLon,
    /// Where a vehicle starts or ends, as a street address: read only to say that it cannot be
    /// used (Lastmile does not geocode), never as a depot id.
    StartAddress,
    EndAddress,
    ShiftStart,
    ShiftEnd,
    BreakStart,
    BreakEnd,
    BreakDuration,
    MaxDuration,
    MaxDistanceKm,
    FixedCost,
    CostPerKm,
    CostPerHour,
    Co2,
    SpeedKmh,
    Circuity,
    ReloadDepots,
    ReloadDuration,
    MaxTrips,
    Open,
    Close,
    Hours,
}

impl Col {
    fn column(self, dimension: Option<String>) -> Column {
        match self {
            Col::Id => Column::Id,
            Col::Lat => Column::Lat,
            Col::Lon => Column::Lon,
            Col::Skills => Column::Skills,
            Col::Address => Column::Address,
            Col::Demand => Column::Demand(dimension.unwrap_or_else(|| "demand".to_string())),
            Col::Service => Column::Service,
            Col::WindowStart => Column::WindowStart,
            Col::WindowEnd => Column::WindowEnd,
            Col::Windows => Column::Windows,
            Col::Priority => Column::Priority,
            Col::Optional => Column::Optional,
            Col::Value => Column::Value,
            Col::Depot => Column::Depot,
            Col::OrderType => Column::OrderType,
            Col::PickupLat => Column::PickupLat,
            Col::PickupLon => Column::PickupLon,
            Col::PickupId => Column::PickupId,
            Col::PickupService => Column::PickupService,
            Col::PickupWindowStart => Column::PickupWindowStart,
            Col::PickupWindowEnd => Column::PickupWindowEnd,
            Col::PickupWindows => Column::PickupWindows,
            Col::Kind => Column::Kind,
            Col::Count => Column::Count,
            Col::Profile => Column::Profile,
            Col::Capacity => Column::Capacity(dimension),
            Col::Load => Column::Capacity(Some(dimension.unwrap_or_else(|| "load".to_string()))),
            Col::StartDepot => Column::StartDepot,
            Col::EndDepot => Column::EndDepot,
            Col::StartLat => Column::StartLat,
            Col::StartLon => Column::StartLon,
            Col::EndLat => Column::EndLat,
            Col::EndLon => Column::EndLon,
            Col::StartAddress => Column::StartAddress,
            Col::EndAddress => Column::EndAddress,
            Col::ShiftStart => Column::ShiftStart,
            Col::ShiftEnd => Column::ShiftEnd,
            Col::BreakStart => Column::BreakStart,
            Col::BreakEnd => Column::BreakEnd,
            Col::BreakDuration => Column::BreakDuration,
            Col::MaxDuration => Column::MaxDuration,
            Col::MaxDistanceKm => Column::MaxDistanceKm,
            Col::FixedCost => Column::FixedCost,
            Col::CostPerKm => Column::CostPerKm,
            Col::CostPerHour => Column::CostPerHour,
            Col::Co2 => Column::Co2,
            Col::SpeedKmh => Column::SpeedKmh,
            Col::Circuity => Column::Circuity,
            Col::ReloadDepots => Column::ReloadDepots,
            Col::ReloadDuration => Column::ReloadDuration,
            Col::MaxTrips => Column::MaxTrips,
            Col::Open => Column::Open,
            Col::Close => Column::Close,
            Col::Hours => Column::Hours,
        }
    }

    /// Columns only this kind of table has: they decide the kind of a file.
    fn distinctive(self, kind: TableKind) -> bool {
        match kind {
            TableKind::Orders => matches!(
                self,
                Col::Demand
                    | Col::Service
                    | Col::WindowStart
                    | Col::WindowEnd
                    | Col::Windows
                    | Col::Priority
                    | Col::Optional
                    | Col::Value
                    | Col::PickupLat
                    | Col::PickupLon
                    | Col::PickupId
                    | Col::PickupService
                    | Col::PickupWindowStart
                    | Col::PickupWindowEnd
                    | Col::PickupWindows
            ),
            TableKind::Vehicles => !matches!(self, Col::Id | Col::Skills | Col::Load),
            TableKind::Depots => matches!(self, Col::Open | Col::Close | Col::Hours),
        }
    }
}

fn aliases(kind: TableKind) -> &'static [(&'static [&'static str], Col)] {
    match kind {
        TableKind::Orders => ORDERS,
        TableKind::Vehicles => VEHICLES,
        TableKind::Depots => DEPOTS,
    }
}

/// Every column a table of `kind` can have, for a mapping step to offer (`Demand` and `Capacity`
/// with the dimension names given).
pub fn columns(kind: TableKind, dimensions: &[String]) -> Vec<Column> {
    let mut out = Vec::new();
    for &(_, col) in aliases(kind) {
        match col {
            Col::Demand => out.extend(dimensions.iter().map(|d| Column::Demand(d.clone()))),
            Col::Capacity => {
                out.push(Column::Capacity(None));
                out.extend(dimensions.iter().map(|d| Column::Capacity(Some(d.clone()))));
            }
            Col::Load => {}
            col => out.push(col.column(None)),
        }
    }
    out
}

/// Which table kinds a column belongs to.
pub(crate) fn kinds_of(column: &Column) -> Vec<TableKind> {
    TableKind::ALL
        .into_iter()
        .filter(|&kind| {
            aliases(kind).iter().any(|&(_, col)| match (col, column) {
                (Col::Demand, Column::Demand(_)) | (Col::Capacity | Col::Load, Column::Capacity(_)) => true,
                (col, column) => col.column(None) == *column,
            })
        })
        .collect()
}

/// Lower case without spaces, `_`, `-` and `.`.
pub(crate) fn normalise(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '\t')).flat_map(char::to_lowercase).collect()
}

/// The unit a header names, for times, durations and distances.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Seconds,
    Minutes,
    Hours,
    Metres,
    Kilometres,
    Miles,
}

impl Unit {
    fn named(word: &str) -> Option<Unit> {
        Some(match word {
            "s" | "sec" | "secs" | "second" | "seconds" => Unit::Seconds,
            "min" | "mins" | "minute" | "minutes" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "m" | "metre" | "metres" | "meter" | "meters" => Unit::Metres,
            "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => Unit::Kilometres,
            "mi" | "mile" | "miles" => Unit::Miles,
            _ => return None,
        })
    }

    /// Seconds per unit for times; kilometres per unit for distances.
    pub(crate) fn factor(self) -> f64 {
        match self {
            Unit::Seconds => 1.0,
            Unit::Minutes => 60.0,
            Unit::Hours => 3600.0,
            Unit::Metres => 0.001,
            Unit::Kilometres => 1.0,
            Unit::Miles => 1.609_344,
        }
    }

    pub(crate) fn is_time(self) -> bool {
        matches!(self, Unit::Seconds | Unit::Minutes | Unit::Hours)
    }
}

/// A header taken apart: its name (normalised), the name without a trailing unit word, and the
/// unit (in brackets, `Weight (kg)`, or as the last word, `service_minutes`) as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub name: String,
    pub stem: String,
    pub unit: Option<String>,
}

impl Header {
    pub(crate) fn parse(header: &str) -> Header {
        let text = header.trim().to_lowercase();
        // `Weight (kg)`, `Service [min]`.
        let (text, bracketed) = match text.find(['(', '[']) {
            Some(open) => {
                let inner = text[open + 1..].trim_end_matches([')', ']', ' ']).trim().to_string();
                (text[..open].trim().to_string(), (!inner.is_empty()).then_some(inner))
            }
            None => (text, None),
        };
        let name = normalise(&text);
        let words: Vec<&str> = text.split([' ', '_', '-', '.']).filter(|w| !w.is_empty()).collect();
        let (stem, trailing) = match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => (rest.concat(), Some(last.to_string())),
            _ => (name.clone(), None),
        };
        Header { name, stem, unit: bracketed.or(trailing) }
    }

    /// The dimension a demand or capacity header names through its unit (`Load 1 (kg)`,
    /// `Gewicht kg` → `kg`; `Volume (L)` → `l`): not a time or distance unit, nor a number
    /// (`Load 1` names no unit).
    pub(crate) fn dimension(&self) -> Option<String> {
        self.unit.clone().filter(|u| Unit::named(u).is_none() && !u.chars().all(|c| c.is_ascii_digit()))
    }

    /// The time or distance unit the header names.
    pub(crate) fn unit(&self) -> Option<Unit> {
        self.unit.as_deref().and_then(Unit::named).or_else(|| {
            // One word: `minutes`, `servicemin` is not promised.
            Unit::named(&self.name)
        })
    }
}

/// The column a header means in a table of `kind`, with its rank (lower: a better match).
fn column_of(kind: TableKind, header: &Header) -> Option<(Column, usize)> {
    let table = aliases(kind);
    let find = |name: &str| -> Option<(Col, usize)> {
        table.iter().find_map(|&(names, col)| names.iter().position(|&n| n == name).map(|rank| (col, rank)))
    };
    // `capacity_kg`, `capacity (parcels)`, `capacity_volume`: the rest names the dimension.
    if kind == TableKind::Vehicles {
        if let Some(rest) = header.name.strip_prefix("capacity") {
            let dimension = header.unit.clone().filter(|_| rest.is_empty() || header.stem == "capacity");
            let dimension = dimension.or_else(|| (!rest.is_empty()).then(|| rest.to_string()));
            return Some((Column::Capacity(dimension), 0));
        }
    }
    if kind == TableKind::Orders {
        if let Some(rest) = header.name.strip_prefix("demand").filter(|r| !r.is_empty()) {
            let dimension = header.unit.clone().unwrap_or_else(|| rest.to_string());
            return Some((Column::Demand(dimension), 0));
        }
    }
    // `Lat (pickup)`, `Breite [Abholung]`, `Time window (start)`: a bracket that names no unit
    // says what the column is of, as a name of its own would (`pickup_lat`).
    // (A unit written as the last word is in the name already.)
    let bracketed = header.unit.as_deref().map(normalise).filter(|u| !header.name.ends_with(u.as_str()));
    if let Some(of) = bracketed.filter(|u| Unit::named(u).is_none()) {
        for joined in [format!("{of}{}", header.name), format!("{}{of}", header.name)] {
            match find(&joined) {
                Some((Col::Demand | Col::Load | Col::Capacity, _)) | None => {}
                Some((col, rank)) => return Some((col.column(None), rank)),
            }
        }
    }
    let (col, rank, matched) = match find(&header.name) {
        Some((col, rank)) => (col, rank, header.name.clone()),
        None => {
            let (col, rank) = find(&header.stem)?;
            (col, rank + 100, header.stem.clone())
        }
    };
    match col {
        // `Weight (kg)` and `weight_kg` feed the `kg` dimension, `Load 1 (kg)` too; `parcels` its
        // own. Demand columns never compete: the leftmost three are kept.
        Col::Demand => Some((Column::Demand(header.dimension().unwrap_or(matched)), 0)),
        Col::Load => Some((Column::Capacity(Some(header.dimension().unwrap_or(matched))), 0)),
        Col::Capacity => Some((Column::Capacity(header.dimension()), rank)),
        _ => Some((col.column(None), rank)),
    }
}

/// Whether a text is a header some table knows, in any language.
pub(crate) fn known_header(text: &str) -> bool {
    let header = Header::parse(text);
    !header.name.is_empty() && TableKind::ALL.iter().any(|&kind| column_of(kind, &header).is_some())
}

/// What a table of `kind` with this mapping lacks for its rows to be read: orders and depots
/// need a latitude and a longitude, vehicles any column.
pub(crate) fn missing(kind: TableKind, mapping: &[Option<Column>]) -> Vec<&'static str> {
    let has = |c: &Column| mapping.iter().any(|m| m.as_ref() == Some(c));
    match kind {
        TableKind::Orders | TableKind::Depots => [(Column::Lat, "latitude"), (Column::Lon, "longitude")]
            .iter()
            .filter(|(c, _)| !has(c))
            .map(|(_, what)| *what)
            .collect(),
        TableKind::Vehicles => {
            if mapping.iter().flatten().next().is_none() {
                vec!["any vehicle column"]
            } else {
                Vec::new()
            }
        }
    }
}

/// Maps each header to a column of `kind`; when several headers mean the same column, the best
/// alias wins (then the leftmost) and the others map to nothing. At most three demand dimensions.
pub(crate) fn map_headers(kind: TableKind, headers: &[String]) -> Vec<Option<Column>> {
    let candidates: Vec<Option<(Column, usize)>> = headers.iter().map(|h| column_of(kind, &Header::parse(h))).collect();
    let mut mapping: Vec<Option<Column>> = vec![None; headers.len()];
    let mut demands = 0;
    let mut order: Vec<usize> = (0..headers.len()).filter(|&k| candidates[k].is_some()).collect();
    order.sort_by_key(|&k| (candidates[k].as_ref().map_or(usize::MAX, |c| c.1), k));
    for k in order {
        let Some((column, _)) = &candidates[k] else { continue };
        // `Load 1 (kg)` and `Load 2 (kg)`: the second is its own dimension, `load2`.
        let column = match column {
            Column::Demand(_) | Column::Capacity(Some(_)) if mapping.iter().flatten().any(|c| c == column) => {
                let own = normalise(&headers[k]);
                if matches!(column, Column::Demand(_)) {
                    &Column::Demand(own)
                } else {
                    &Column::Capacity(Some(own))
                }
            }
            column => column,
        };
        if mapping.iter().flatten().any(|c| c == column) {
            continue;
        }
        if matches!(column, Column::Demand(_)) {
            if demands == crate::problem::MAX_DIMENSIONS {
                continue;
            }
            demands += 1;
        }
        mapping[k] = Some(column.clone());
    }
    mapping
}

/// How strongly a set of headers suggests each kind: distinctive columns count double.
fn score(kind: TableKind, headers: &[String]) -> usize {
    headers
        .iter()
        .filter_map(|h| {
            let header = Header::parse(h);
            column_of(kind, &header)?;
            let table = aliases(kind);
            let col = table.iter().find_map(|&(names, col)| {
                (names.contains(&header.name.as_str()) || names.contains(&header.stem.as_str())).then_some(col)
            });
            Some(match col {
                Some(col) if col.distinctive(kind) => 2,
                Some(_) => 1,
                None => 2, // capacity_kg, demand_kg
            })
        })
        .sum()
}

/// The kind of table the headers (then the file name) suggest; `None` when no header means
/// anything.
pub(crate) fn guess_kind(file: &str, headers: &[String]) -> Option<TableKind> {
    let scores: Vec<(TableKind, usize)> = TableKind::ALL.iter().map(|&k| (k, score(k, headers))).collect();
    let best = scores.iter().map(|s| s.1).max().unwrap_or(0);
    if best == 0 {
        return None;
    }
    let tied: Vec<TableKind> = scores.iter().filter(|s| s.1 == best).map(|s| s.0).collect();
    if tied.len() == 1 {
        return tied.first().copied();
    }
    let named = kind_named_in(file);
    Some(named.filter(|k| tied.contains(k)).unwrap_or(tied[0]))
}

/// The kind a file name mentions (`orders.csv`, `fleet.csv`, `hubs.csv`).
pub(crate) fn kind_named_in(file: &str) -> Option<TableKind> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file).to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
    if has(&["depot", "hub", "warehouse", "site"]) {
        Some(TableKind::Depots)
    } else if has(&["vehicle", "fleet", "van", "truck", "driver", "bike"]) {
        Some(TableKind::Vehicles)
    } else if has(&["order", "job", "stop", "deliver", "customer", "shipment", "parcel"]) {
        Some(TableKind::Orders)
    } else {
        None
    }
}

/// The kind the columns of a mapping belong to (a column shared by several kinds does not
/// decide); `None` when they do not say.
pub(crate) fn kind_of_mapping(mapping: &[Option<Column>]) -> Option<TableKind> {
    let mut votes = [0usize; 3];
    for column in mapping.iter().flatten() {
        let kinds = kinds_of(column);
        if kinds.len() == 1 {
            votes[TableKind::ALL.iter().position(|k| *k == kinds[0]).unwrap_or(0)] += 1;
        }
    }
    let best = *votes.iter().max().unwrap_or(&0);
    if best == 0 || votes.iter().filter(|&&v| v == best).count() > 1 {
        return None;
    }
    votes.iter().position(|&v| v == best).map(|k| TableKind::ALL[k])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_map_whatever_their_case_spaces_and_units() {
        let h = headers(&["Order ID", "Latitude", "Lng", "Weight (kg)", "Service_Minutes", "TW Start", "due_date"]);
        let m = map_headers(TableKind::Orders, &h);
        assert_eq!(
            m,
            vec![
                Some(Column::Id),
                Some(Column::Lat),
                Some(Column::Lon),
                Some(Column::Demand("kg".into())),
                Some(Column::Service),
                Some(Column::WindowStart),
                Some(Column::WindowEnd)
            ]
        );
        assert_eq!(Header::parse("Service_Minutes").unit(), Some(Unit::Minutes));
        assert_eq!(Header::parse("Service (s)").unit(), Some(Unit::Seconds));
        assert_eq!(Header::parse("max_hours").unit(), Some(Unit::Hours));
        assert_eq!(Header::parse("service").unit(), None);
    }

    #[test]
    fn the_best_alias_wins_and_the_rest_map_to_nothing() {
        let m = map_headers(TableKind::Orders, &headers(&["name", "id", "parcels", "weight", "volume", "qty"]));
        assert_eq!(m[0], None, "name loses to id");
        assert_eq!(m[1], Some(Column::Id));
        assert_eq!(m[2], Some(Column::Demand("parcels".into())));
        assert_eq!(m[3], Some(Column::Demand("weight".into())));
        assert_eq!(m[4], Some(Column::Demand("volume".into())));
        assert_eq!(m[5], None, "at most three dimensions");
    }

    #[test]
    fn vehicle_capacities_name_their_dimension() {
        let m = map_headers(TableKind::Vehicles, &headers(&["capacity", "capacity_kg", "Capacity (parcels)", "type"]));
        assert_eq!(m[0], Some(Column::Capacity(None)));
        assert_eq!(m[1], Some(Column::Capacity(Some("kg".into()))));
        assert_eq!(m[2], Some(Column::Capacity(Some("parcels".into()))));
        assert_eq!(m[3], Some(Column::Kind));
    }

    #[test]
    fn a_type_column_keeps_orders_files_orders_and_vehicles_files_vehicles() {
        let g = |file: &str, h: &[&str]| guess_kind(file, &headers(h));
        // `type` is an order's type and a vehicle's kind: the other columns decide.
        assert_eq!(g("a.csv", &["id", "lat", "lon", "type"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["id", "lat", "lon", "demand", "type"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["Auftragsnummer", "Breite", "Länge", "Typ"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["id", "lat", "lon", "type", "pickup_lat", "pickup_lon"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["Pedido", "Latitud", "Longitud", "Tipo"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["id", "type", "capacity"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["name", "type"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["id", "type"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["Fahrzeug", "Typ", "Kapazität"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["id", "type", "reload_depots", "max_trips"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["Vehicle", "Type", "Trips"]), Some(TableKind::Vehicles));

        let orders = map_headers(TableKind::Orders, &headers(&["id", "lat", "lon", "Type"]));
        assert_eq!(orders[3], Some(Column::OrderType));
        let vehicles = map_headers(TableKind::Vehicles, &headers(&["id", "Type", "count"]));
        assert_eq!(vehicles[1], Some(Column::Kind));
        assert_eq!(
            kind_of_mapping(&[Some(Column::Id), Some(Column::Lat), Some(Column::OrderType)]),
            Some(TableKind::Orders)
        );
        assert_eq!(kind_of_mapping(&[Some(Column::Id), Some(Column::MaxTrips)]), Some(TableKind::Vehicles));
    }

    /// A bracket naming what a column is of, not a unit: `Lat (pickup)` is the pickup's
    /// latitude, not a second latitude of the order.
    #[test]
    fn a_bracket_can_name_what_the_column_is_of() {
        let m = map_headers(
            TableKind::Orders,
            &headers(&["id", "Lat", "Lon", "Lat (pickup)", "Lon (pickup)", "Weight (kg)"]),
        );
        assert_eq!(
            m[1..],
            [
                Some(Column::Lat),
                Some(Column::Lon),
                Some(Column::PickupLat),
                Some(Column::PickupLon),
                Some(Column::Demand("kg".into()))
            ]
        );
        let m = map_headers(TableKind::Orders, &headers(&["Breite", "Länge", "Breite [Abholung]", "Länge [Abholung]"]));
        assert_eq!(m, [Some(Column::Lat), Some(Column::Lon), Some(Column::PickupLat), Some(Column::PickupLon)]);
    }

    #[test]
    fn pickup_and_reload_headers_read_in_seven_languages() {
        let orders = |list: &[&str]| map_headers(TableKind::Orders, &headers(list));
        for (lat, lon) in [
            ("Pickup Lat", "Pickup Lon"),
            ("pickup_latitude", "pickup_longitude"),
            ("Abholung Breite", "Abholung Länge"),
            ("Lat enlèvement", "Lon enlèvement"),
            ("Latitud recogida", "Longitud recogida"),
            ("Lat ritiro", "Lon ritiro"),
            ("Ophaal breedte", "Ophaal lengte"),
            ("Latitude coleta", "Longitude coleta"),
        ] {
            let m = orders(&["id", "lat", "lon", lat, lon]);
            assert_eq!(
                m[1..],
                [Some(Column::Lat), Some(Column::Lon), Some(Column::PickupLat), Some(Column::PickupLon)]
            );
        }
        let m = orders(&[
            "Pickup ID",
            "pickup_service_minutes",
            "Pickup Window",
            "Pickup Window Start",
            "pickup_window_end",
            "Abholfenster",
        ]);
        assert_eq!(
            m,
            [
                Some(Column::PickupId),
                Some(Column::PickupService),
                Some(Column::PickupWindows),
                Some(Column::PickupWindowStart),
                Some(Column::PickupWindowEnd),
                None, // a second pickup windows column: the first wins
            ]
        );
        assert_eq!(Header::parse("pickup_service_minutes").unit(), Some(Unit::Minutes));

        let vehicles = |list: &[&str]| map_headers(TableKind::Vehicles, &headers(list));
        let m = vehicles(&["Reload Depots", "reload_minutes", "Max Trips"]);
        assert_eq!(m, [Some(Column::ReloadDepots), Some(Column::ReloadDuration), Some(Column::MaxTrips)]);
        assert_eq!(Header::parse("reload_minutes").unit(), Some(Unit::Minutes));
        let m = vehicles(&["Nachladedepots", "Nachladezeit", "Max Fahrten"]);
        assert_eq!(m, [Some(Column::ReloadDepots), Some(Column::ReloadDuration), Some(Column::MaxTrips)]);
        let m = vehicles(&["Dépôts de rechargement", "Durée de rechargement", "Tournées max"]);
        assert_eq!(m, [Some(Column::ReloadDepots), Some(Column::ReloadDuration), Some(Column::MaxTrips)]);
        assert_eq!(Column::OrderType.label(), "order type");
        assert_eq!(Column::PickupWindowStart.label(), "pickup window start");
    }

    #[test]
    fn no_name_means_two_columns_of_one_table() {
        for kind in TableKind::ALL {
            let mut seen = std::collections::HashSet::new();
            for &(names, _) in aliases(kind) {
                for name in names {
                    assert!(seen.insert(*name), "{} lists {name} twice", kind.name());
                    assert_eq!(normalise(name), *name, "{name} is listed normalised");
                }
            }
        }
    }

    /// The README's "Recognised headers" tables, per table title: each row's column (normalised)
    /// and every name its language cells list.
    fn readme_tables() -> std::collections::HashMap<String, Vec<(String, Vec<String>)>> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).expect("README.md next to the solver crate");
        let start = readme.find("### Recognised headers").expect("a Recognised headers section");
        let section = &readme[start + 3..];
        let section = &section[..section.find("\n#").unwrap_or(section.len())];
        let mut tables: std::collections::HashMap<String, Vec<(String, Vec<String>)>> = Default::default();
        let mut title = String::new();
        for line in section.lines() {
            if let Some(t) = line.strip_suffix(':').filter(|t| !t.starts_with('|') && !t.contains(' ')) {
                title = t.trim().to_lowercase();
            } else if let Some(row) = line.strip_prefix("| `") {
                let cells: Vec<&str> = row.trim_end_matches('|').split(" | ").collect();
                let column = normalise(cells[0].trim_end_matches('`'));
                let names = cells[1..]
                    .iter()
                    .flat_map(|c| c.split(", "))
                    .map(str::trim)
                    .filter(|n| !n.is_empty() && *n != "—")
                    .map(normalise)
                    .collect();
                tables.entry(title.clone()).or_default().push((column, names));
            }
        }
        tables
    }

    #[test]
    fn the_readme_lists_every_alias() {
        let tables = readme_tables();
        for kind in TableKind::ALL {
            let rows = tables.get(kind.name()).unwrap_or_else(|| panic!("no {} table in the README", kind.name()));
            assert_eq!(rows.len(), aliases(kind).len(), "one README row per column of {}", kind.name());
            for &(names, _) in aliases(kind) {
                let (_, listed) = rows
                    .iter()
                    .find(|(column, _)| column == names[0])
                    .unwrap_or_else(|| panic!("the README's {} table has no row for {}", kind.name(), names[0]));
                for name in names {
                    assert!(
                        listed.contains(&name.to_string()),
                        "README, {} {}: {name} is not listed",
                        kind.name(),
                        names[0]
                    );
                }
                for name in listed {
                    assert!(names.contains(&name.as_str()), "README, {} {}: {name} is no alias", kind.name(), names[0]);
                }
            }
        }
    }

    #[test]
    fn guesses_the_kind_from_headers_then_the_file_name() {
        let g = |file: &str, h: &[&str]| guess_kind(file, &headers(h));
        assert_eq!(g("a.csv", &["id", "lat", "lon", "demand"]), Some(TableKind::Orders));
        assert_eq!(g("a.csv", &["id", "capacity", "shift_start"]), Some(TableKind::Vehicles));
        assert_eq!(g("a.csv", &["id", "lat", "lon", "open", "close"]), Some(TableKind::Depots));
        assert_eq!(g("hubs.csv", &["id", "lat", "lon"]), Some(TableKind::Depots));
        assert_eq!(g("x.csv", &["id", "lat", "lon"]), Some(TableKind::Orders));
        assert_eq!(g("x.csv", &["foo", "bar"]), None);
        assert_eq!(kind_of_mapping(&[Some(Column::Id), Some(Column::Open)]), Some(TableKind::Depots));
        assert_eq!(kind_of_mapping(&[Some(Column::Id), Some(Column::Lat)]), None);
    }
}
