"""The reports' words in Dutch and English, and numbers and dates in each language's style.

A small catalogue: key to (Dutch, English). Values in braces are filled in with
:meth:`str.format`. Dutch numbers have a decimal comma and a thousands point (see
:mod:`gbda_core.wording`).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from gbda_core import wording as w
from gbda_core.errors import ConfigError

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")

_MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

STRINGS: dict[str, tuple[str, str]] = {
    # --- every report ------------------------------------------------------------------------
    "made_with": ("Gemaakt met gbda {version} op {date}.", "Made with gbda {version} on {date}."),
    "contents": ("Inhoud", "Contents"),
    "key_figures": ("Kerncijfers", "Key figures"),
    "sort_hint": (
        "Klik op een kolomkop om de tabel te sorteren.",
        "Click a column heading to sort the table.",
    ),
    "also_as_file": ("Ook als bestand:", "Also as a file:"),
    "map_section": ("Kaart en grafiek", "Map and chart"),
    "problems_title": ("Gegevensproblemen", "Data problems"),
    "problems_intro": (
        "Wat gbda in de invoer tegenkwam en wat het ermee deed. Rijen zijn de feature-id's in "
        "de bronlaag.",
        "What gbda found in the input and what it did about it. Rows are the feature ids in "
        "the source layer.",
    ),
    "no_problems": ("Geen gegevensproblemen gevonden.", "No data problems found."),
    "col_kind": ("soort", "kind"),
    "col_layer": ("laag", "layer"),
    "col_value": ("waarde", "value"),
    "col_count": ("aantal", "count"),
    "col_action": ("actie", "action"),
    "col_message": ("toelichting", "message"),
    "col_rows": ("rijen", "rows"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "unknown": ("onbekend", "unknown"),
    "none": ("geen", "none"),
    "total": ("totaal", "total"),
    "method_title": ("Hoe er geteld is", "How it was counted"),
    "target_2030": ("doel 2030 ({v})", "2030 target ({v})"),
    "target_2050": ("doel 2050 ({v})", "2050 target ({v})"),
    "target_2030_gap": ("doel 2030 per gebied (gat-lezing)", "2030 target per area (gap reading)"),
    "woody": ("houtig", "woody"),
    "not_woody": ("nat en kruidig", "wet and herbaceous"),
    "share_axis": ("GBDA-aandeel (% van het landelijk gebied)", "GBDA share (% of the rural area)"),
    "cat_houtig": ("houtig", "woody"),
    "cat_nat": ("nat", "wet"),
    "cat_kruidig": ("kruidig", "herbaceous"),
    # --- share report ------------------------------------------------------------------------
    "share_title": ("GBDA-aandeel per gebied", "GBDA share per area"),
    "share_subtitle": (
        "{n} gebieden · noemer: {profile} · telwijze: {mode}",
        "{n} areas · denominator: {profile} · counting: {mode}",
    ),
    "kf_areas": ("gebieden", "areas"),
    "status_meets_2050": ("haalt {t50} (2050)", "meets {t50} (2050)"),
    "status_meets_2030": ("haalt {t30} (2030)", "meets {t30} (2030)"),
    "status_below_2030": ("onder het doel voor 2030", "below the 2030 target"),
    "status_no_rural_area": ("geen landelijk gebied", "no rural area"),
    "totals_title": ("Totalen", "Totals"),
    "total_rural": ("landelijk gebied", "rural area"),
    "total_elements": ("landschapselementen", "landscape elements"),
    "total_woody": ("waarvan houtig", "of which woody"),
    "total_share": ("aandeel over alle gebieden", "share over all areas"),
    "total_gap_2030": ("nog nodig voor 2030", "still needed for 2030"),
    "total_gap_2050": ("nog nodig voor 2050", "still needed for 2050"),
    "totals_overlap": (
        "De gebieden overlappen (bijvoorbeeld een polder en zijn deelgebieden): optellen zou "
        "land dubbel tellen, dus hier staan alleen aantallen. Zie de tabel per gebied.",
        "The areas overlap (for example a polder and its parts): a sum would count land twice, "
        "so only counts are given here. See the table per area.",
    ),
    "map_title": ("Kaart: GBDA-aandeel per gebied", "Map: GBDA share per area"),
    "map_caption": (
        "Klassen begrensd door de doelen: {t30} voor 2030 en {t50} voor 2050.",
        "Classes bounded by the targets: {t30} for 2030 and {t50} for 2050.",
    ),
    "map_caption_gap": (
        " Het 2030-doel in de gat-lezing verschilt per gebied; de kaart gebruikt {t30}.",
        " The 2030 target in the gap reading differs per area; the map uses {t30}.",
    ),
    "map_caption_overlap": (
        " Overlappende gebieden: de kleinste liggen bovenop.",
        " Overlapping areas: the smallest are drawn on top.",
    ),
    "map_alt": (
        "Kaart van het GBDA-aandeel van {n} gebieden in klassen rond de doelen.",
        "Map of the GBDA share of {n} areas in classes around the targets.",
    ),
    "legend_share": ("GBDA-aandeel", "GBDA share"),
    "class_below": ("minder dan {v}", "below {v}"),
    "class_between": ("{a} tot {b}", "{a} to {b}"),
    "class_above": ("{v} of meer", "{v} or more"),
    "bars_title": ("Aandeel per gebied tegen de doelen", "Share per area against the targets"),
    "bars_caption": (
        "De balk is het GBDA-aandeel; het groene deel is houtig. De lijnen zijn de doelen.",
        "The bar is the GBDA share; the green part is woody. The lines are the targets.",
    ),
    "bars_subset": (
        " Hier de {k} hoogste en de {k} laagste van {n} gebieden; de tabel heeft ze allemaal.",
        " Shown: the {k} highest and the {k} lowest of {n} areas; the table has them all.",
    ),
    "bars_no_share": (
        " Zonder landelijk gebied (geen aandeel): {areas}.",
        " Without rural area (no share): {areas}.",
    ),
    "bars_alt": (
        "Staafdiagram van het GBDA-aandeel per gebied met het houtige deel en de doellijnen.",
        "Bar chart of the GBDA share per area with the woody part and the target lines.",
    ),
    "furthest_title": ("Verst van het doel", "Furthest from the target"),
    "furthest_intro": (
        "De gebieden met de meeste hectares nog te gaan tot het doel voor 2030 (hoogstens {n}).",
        "The areas with the most hectares still to go to the 2030 target (at most {n}).",
    ),
    "all_meet_2030": (
        "Alle gebieden halen het doel voor 2030.",
        "Every area meets the 2030 target.",
    ),
    "ranked_title": ("Alle gebieden, gerangschikt", "All areas, ranked"),
    "col_rank": ("#", "#"),
    "col_area": ("gebied", "area"),
    "col_rural_ha": ("landelijk gebied (ha)", "rural area (ha)"),
    "col_element_ha": ("elementen (ha)", "elements (ha)"),
    "col_share": ("aandeel (%)", "share (%)"),
    "col_woody_share": ("houtig (% van elementen)", "woody (% of elements)"),
    "col_line_km": ("lijnen (km)", "lines (km)"),
    "col_efa_share": ("EFA-aandeel (%)", "EFA share (%)"),
    "col_gap_2030": ("nog nodig 2030 (ha)", "needed for 2030 (ha)"),
    "col_gap_2050": ("nog nodig 2050 (ha)", "needed for 2050 (ha)"),
    "col_short_2030": ("tekort 2030 (%-punt)", "short of 2030 (points)"),
    "col_status": ("stand", "status"),
    "profile": ("Noemer (profiel)", "Denominator (profile)"),
    "profile_aanvalsplan": (
        "aanvalsplan: het landelijk gebied zonder bebouwde kom en Natuurnetwerk Nederland, zoals "
        "het Aanvalsplan Landschap telt",
        "aanvalsplan: the rural area without the built-up area (bebouwde kom) and the "
        "Natuurnetwerk Nederland, as the Aanvalsplan Landschap counts",
    ),
    "profile_strict": (
        "strict: ook zonder Natura 2000, groot water en bos",
        "strict: also without Natura 2000, large water and forest",
    ),
    "profile_custom": ("{name}: zelf gekozen uitsluitingen", "{name}: exclusions of your choice"),
    "excluded_land": ("Uitgesloten land", "Land left out"),
    "kind_bebouwde_kom": ("bebouwde kom", "built-up area (bebouwde kom)"),
    "kind_nnn": ("Natuurnetwerk Nederland (NNN)", "Natuurnetwerk Nederland (NNN)"),
    "kind_natura2000": ("Natura 2000", "Natura 2000"),
    "kind_large_water": ("groot water", "large water"),
    "kind_forest": ("bos", "forest"),
    "kind_other": ("lagen zonder soort (altijd)", "layers without a kind (always)"),
    "rural_layer": ("Laag landelijk gebied", "Rural-area layer"),
    "rural_layer_yes": (
        "ja: alleen het land in die laag telt mee",
        "yes: only the land in that layer counts",
    ),
    "rural_layer_no": (
        "nee: het hele gebied min het uitgesloten land",
        "no: the whole area less the land left out",
    ),
    "indicator": ("Indicator", "Indicator"),
    "indicator_text": (
        "aandeel = 100 × elementen (ha) / landelijk gebied (ha); elke m² één keer",
        "share = 100 × elements (ha) / rural area (ha); each m² once",
    ),
    "mode": ("Telwijze", "Counting mode"),
    "mode_footprint": (
        "footprint: de echte oppervlakte; lijnen als strook van hun breedte, punten met de "
        "standaardoppervlakte van hun type, overlap één keer, geknipt op de gebiedsgrens",
        "footprint: the real area; lines as strips of their width, points with their type's "
        "default area, overlaps once, clipped at the area border",
    ),
    "mode_efa": (
        "efa: de footprint, en daarnaast de EU-EFA-factoren (omrekening × weging) in eigen "
        "kolommen",
        "efa: the footprint, and beside it the EU EFA factors (conversion × weight) in columns "
        "of their own",
    ),
    "mode_raster": (
        "raster: het deel van de geldige pixels dat als element is geclassificeerd, met exacte "
        "pixelfracties op de zonegrens (pixels van {res} m)",
        "raster: the part of the valid pixels classified as an element, with exact pixel "
        "fractions at the zone border ({res} m pixels)",
    ),
    "targets": ("Doelen", "Targets"),
    "targets_text": (
        "{t30} in 2030 en {t50} in 2050, van het landelijk gebied",
        "{t30} by 2030 and {t50} by 2050, of the rural area",
    ),
    "reading_absolute": ("2030-doel absoluut", "2030 target absolute"),
    "reading_gap": (
        "2030-doel in de gat-lezing: het huidige aandeel plus de helft van het gat tot {t50}",
        "2030 target in the gap reading: the current share plus half the gap to {t50}",
    ),
    "reading": ("Lezing 2030", "2030 reading"),
    "crs": ("Coördinatenstelsel", "Coordinate reference system"),
    "sources_title": ("Bronnen van de definities", "Sources of the definitions"),
    "sources_intro": (
        "De regels staan uitgewerkt in docs/definitions.md van gbda; de elementtypen en hun "
        "standaardmaten in gbda_core/data/element_types.toml, elk getal met een bron of "
        "gemarkeerd als aanname.",
        "The rules are written out in gbda's docs/definitions.md; the element types and their "
        "default sizes in gbda_core/data/element_types.toml, every number with a source or "
        "marked as an assumption.",
    ),
    "col_what": ("waarvoor", "what for"),
    "col_source": ("bron", "source"),
    "src_aanvalsplan": (
        "welke elementen tellen, de noemer zonder bebouwde kom en NNN, de helft houtig",
        "which elements count, the denominator without bebouwde kom and NNN, half woody",
    ),
    "src_cobra": ("de doelen: 5 % in 2030, 10 % in 2050", "the targets: 5 % by 2030, 10 % by 2050"),
    "src_mooinl": ("de gat-lezing van het 2030-doel", "the gap reading of the 2030 target"),
    "src_efa": (
        "EU-EFA-omrekenings- en wegingsfactoren (bijlage X)",
        "EU EFA conversion and weighting factors (Annex X)",
    ),
    "src_nrc": ("strict: zonder Natura 2000", "strict: without Natura 2000"),
    "src_wur": ("strict: zonder groot water", "strict: without large water"),
    "src_cobra_forest": ("strict: zonder bos", "strict: without forest"),
    "types_title": ("Elementtypen in deze uitkomst", "Element types in this result"),
    "col_type": ("type", "type"),
    "col_name": ("naam", "name"),
    "col_category": ("categorie", "category"),
    "col_default_size": ("standaardmaat", "default size"),
    "col_size_source": ("bron van de maat", "source of the size"),
    # --- plan report -------------------------------------------------------------------------
    "plan_title": ("Inrichtingsplan", "Layout plan"),
    "plan_subtitle": (
        "{size} · {n} percelen · doel: {goal}",
        "{size} · {n} parcels · goal: {goal}",
    ),
    "verdict": ("Uitkomst", "Outcome"),
    "kf_share_before_after": ("GBDA-aandeel voor → na", "GBDA share before → after"),
    "kf_added": ("elementen erbij", "elements added"),
    "kf_new_elements": ("nieuwe elementen", "new elements"),
    "kf_aanleg": ("aanleg", "construction"),
    "kf_beheer": ("beheer per jaar", "management a year"),
    "kf_productive": ("productieve grond", "productive land"),
    "kf_hedge": (
        "nieuwe heg (heg, haag, houtwal of singel)",
        "new hedge (hedge, hedgerow or singel)",
    ),
    "site_map_title": ("Kaart van het plan", "Map of the plan"),
    "site_map_caption": (
        "De percelen (land zonder water, wegen en gebouwen), de bestaande "
        "elementen en de geplande elementen per bouwsteen.",
        "The parcels (land without water, roads and buildings), the existing "
        "elements and the planned elements by bouwsteen.",
    ),
    "site_map_alt": (
        "Kaart van de percelen met {n} geplande elementen.",
        "Map of the parcels with {n} planned elements.",
    ),
    "legend_parcels": ("percelen", "parcels"),
    "legend_existing": ("bestaande elementen", "existing elements"),
    "before_after_title": ("GBDA-aandeel voor en na het plan", "GBDA share before and after"),
    "before_after_alt": (
        "Staafdiagram van het aandeel voor ({b}) en na ({a}) het plan.",
        "Bar chart of the share before ({b}) and after ({a}) the plan.",
    ),
    "before": ("voor", "before"),
    "after": ("na", "after"),
    "goal_line": ("doel ({v})", "goal ({v})"),
    "goals_title": ("Doelen", "Goals"),
    "col_goal": ("doel", "goal"),
    "col_target": ("streefwaarde", "target value"),
    "col_before": ("voor", "before"),
    "col_after": ("na", "after"),
    "col_reached": ("gehaald", "reached"),
    "elements_title": ("Geplande elementen", "Planned elements"),
    "no_elements": ("Er zijn geen elementen gepland.", "No elements are planned."),
    "col_element": ("#", "#"),
    "col_bouwsteen": ("bouwsteen", "bouwsteen"),
    "col_position": ("plek", "position"),
    "col_parcel": ("perceel", "parcel"),
    "col_length_m": ("lengte (m)", "length (m)"),
    "col_width_m": ("breedte (m)", "width (m)"),
    "col_area_m2": ("oppervlak (m²)", "area (m²)"),
    "col_aanleg": ("aanleg (€)", "construction (€)"),
    "col_beheer": ("beheer (€ per jaar)", "management (€ a year)"),
    "col_beheer_years": ("beheer {n} jaar (€)", "management {n} years (€)"),
    "col_cost_total": ("totaal (€)", "total (€)"),
    "costs_title": ("Kosten", "Costs"),
    "costs_note": (
        "Indicatieve bedragen uit de catalogus (* = schatting).",
        "Indicative amounts from the catalogue (* = estimate).",
    ),
    "costs_unknown": (
        " Voor {n} elementen is geen bedrag bekend; die tellen niet mee.",
        " For {n} elements no amount is known; they are not in the sums.",
    ),
    "calendar_title": ("Beheerkalender", "Management calendar"),
    "calendar_intro": (
        "Wanneer en hoe vaak het beheer valt, uit de catalogus. Een ● markeert de maanden die "
        "de periode raakt; waar de tekst een rustperiode of een 'niet voor' noemt, staat alleen "
        "de tekst.",
        "When and how often management happens, from the catalogue (in Dutch). A ● marks the "
        "months the period touches; where the text names a rest period or a 'not before', only "
        "the text is given.",
    ),
    "months_short": (
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    ),
    "col_cycle": ("hoe vaak", "how often"),
    "col_season": ("wanneer", "when"),
    "col_actions": ("wat", "what"),
    "col_anlb": ("ANLb-pakket", "ANLb package"),
    "suggestions_title": ("Voorstellen met redenen", "Suggestions with reasons"),
    "suggestions_intro": (
        "Alle bouwstenen van de catalogus, gerangschikt op hoe goed ze hier passen.",
        "Every bouwsteen of the catalogue, ranked by how well it fits here.",
    ),
    "col_score": ("score", "score"),
    "col_verdict": ("oordeel", "verdict"),
    "col_reasons": ("waarom", "why"),
    "fits": ("past", "fits"),
    "excluded": ("valt af", "excluded"),
    "excluded_details": (
        "{n} bouwstenen vallen af (klik om ze te tonen)",
        "{n} bouwstenen are excluded (click to show them)",
    ),
    "plan_method_title": ("Hoe het plan gemaakt is", "How the plan was made"),
    "objective": ("Doelfunctie", "Objective"),
    "objective_cost": (
        "laagste kosten: aanleg plus {n} jaar beheer",
        "least cost: construction plus {n} years of management",
    ),
    "objective_land": ("zo min mogelijk productieve grond", "least productive land"),
    "budget": ("Budget voor aanleg", "Construction budget"),
    "method": ("Methode", "Method"),
    "method_exact": ("exact, bewezen optimaal", "exact, proven optimal"),
    "method_exact_open": (
        "exact, optimum niet bewezen binnen de tijd",
        "exact, optimum not proven within the time",
    ),
    "method_heuristic": ("heuristiek, niet bewezen optimaal", "heuristic, not proven optimal"),
    "candidates": ("Kandidaten getekend", "Candidates drawn"),
    "catalogue": ("Catalogus", "Catalogue"),
    "share_engine_note": (
        "De aandelen voor en na komen uit de rekenkern van gbda share (het "
        "perceel­land als noemer, zonder uitsluitingen).",
        "The shares before and after come from the gbda share engine (the "
        "parcels' land as the denominator, no exclusions).",
    ),
    # --- progress report ---------------------------------------------------------------------
    "progress_title": (
        "Voortgang: {target} landschapselementen",
        "Progress: {target} of landscape elements",
    ),
    "progress_subtitle": (
        "stand op {at} · deadline {deadline}",
        "as at {at} · deadline {deadline}",
    ),
    "kf_realised": ("gerealiseerd", "realised"),
    "kf_remaining": ("nog te gaan", "still to go"),
    "kf_pace": ("tempo tot nu", "pace so far"),
    "kf_needed": ("nodig tempo", "pace needed"),
    "kf_forecast": ("verwacht gehaald", "expected to be reached"),
    "kf_on_track": ("op koers voor de deadline", "on track for the deadline"),
    "kf_planned": ("nog gepland", "still planned"),
    "kf_removed": ("verdwenen", "removed"),
    "per_year": ("{v} per jaar", "{v} a year"),
    "range": ("tussen {a} en {b}", "between {a} and {b}"),
    "range_open": ("vanaf {a}, mogelijk nooit", "from {a}, possibly never"),
    "fc_reached": ("doel gehaald op {date}", "target reached on {date}"),
    "fc_history": (
        "te weinig hele jaren met aanleg om te voorspellen ({n})",
        "too few whole years of planting to forecast ({n})",
    ),
    "fc_no_pace": (
        "het netto tempo is {v} per jaar: zo wordt het doel niet gehaald",
        "the net pace is {v} a year: at that pace the target is never reached",
    ),
    "fc_too_far": ("niet binnen afzienbare tijd", "not within any foreseeable time"),
    "pace_none_start": ("nog niets aangelegd", "nothing planted yet"),
    "needed_passed": ("de deadline is voorbij", "the deadline has passed"),
    "curve_title": ("Cumulatieve km tegen het doel", "Cumulative km against the target"),
    "curve_realised": ("gerealiseerd (netto)", "realised (net)"),
    "curve_target": ("doel {v}", "target {v}"),
    "curve_deadline": ("deadline", "deadline"),
    "curve_needed": ("nodig tempo vanaf nu", "pace needed from now"),
    "curve_forecast": ("verwachting (recent tempo)", "forecast (recent pace)"),
    "curve_range": ("bandbreedte {level}", "range {level}"),
    "curve_ylabel": ("km gerealiseerd (cumulatief)", "km realised (cumulative)"),
    "curve_alt": (
        "Lijn van de gerealiseerde km per jaar tegen het doel van {target}, met de verwachting.",
        "Line of the km realised per year against the target of {target}, with the forecast.",
    ),
    "curve_caption": (
        "Netto km aan het eind van elk jaar (aangelegd min verdwenen) en op {at}. De "
        "verwachting volgt het gemiddelde netto tempo van de laatste hele jaren; de band is het "
        "{level}-voorspellingsinterval.",
        "Net km at the end of each year (planted less removed) and on {at}. The forecast "
        "follows the mean net pace of the last whole years; the band is the {level} prediction "
        "interval.",
    ),
    "pace_title": ("Tempo: nodig tegen gehaald", "Pace: needed against achieved"),
    "pace_so_far": ("tot nu (gemiddeld)", "so far (average)"),
    "pace_recent": ("laatste {n} hele jaren", "last {n} whole years"),
    "pace_needed": ("nodig tot de deadline", "needed to the deadline"),
    "pace_axis": ("km per jaar", "km a year"),
    "pace_alt": (
        "Staafdiagram van het tempo tot nu, recent en nodig, in km per jaar.",
        "Bar chart of the pace so far, recently and needed, in km a year.",
    ),
    "by_region_title": ("Per regio", "By region"),
    "by_type_title": ("Per elementtype", "By element type"),
    "breakdown_alt": (
        "Staafdiagram van de km per {what}: gerealiseerd, gepland en verdwenen.",
        "Bar chart of the km by {what}: realised, planned and removed.",
    ),
    "what_region": ("regio", "region"),
    "what_type": ("elementtype", "element type"),
    "bars_realised": ("gerealiseerd", "realised"),
    "bars_planned": ("gepland", "planned"),
    "bars_removed": ("verdwenen", "removed"),
    "col_region": ("regio", "region"),
    "col_realised_km": ("gerealiseerd (km)", "realised (km)"),
    "col_realised_ha": ("gerealiseerd (ha)", "realised (ha)"),
    "col_planned_km": ("gepland (km)", "planned (km)"),
    "col_removed_km": ("verdwenen (km)", "removed (km)"),
    "col_n_realised": ("aantal gerealiseerd", "number realised"),
    "change_map_title": ("Kaart van de veranderingen", "Map of the changes"),
    "change_caption": (
        "Alle elementen van het register naar hun stand op {at}; nieuw en "
        "verdwenen gelden voor de periode sinds {since}.",
        "Every element of the register by its state on {at}; new and removed "
        "refer to the period since {since}.",
    ),
    "change_alt": (
        "Kaart van de elementen in het register: nieuw, eerder aangelegd, verdwenen en gepland.",
        "Map of the elements in the register: new, realised before, removed and planned.",
    ),
    "chg_new": ("nieuw sinds {since}", "new since {since}"),
    "chg_before": ("aangelegd vóór {since}", "realised before {since}"),
    "chg_removed": ("verdwenen sinds {since}", "removed since {since}"),
    "chg_removed_before": ("eerder verdwenen", "removed earlier"),
    "chg_planned": ("gepland", "planned"),
    "chg_unknown": ("datums kloppen niet", "dates contradict"),
    "no_geometry": (
        "Het register heeft geen geometrie; geen kaart.",
        "The register has no geometry; no map.",
    ),
    "yearly_title": ("Per jaar", "Per year"),
    "col_year": ("jaar", "year"),
    "col_planted_km": ("aangelegd (km)", "planted (km)"),
    "col_net_km": ("netto (km)", "net (km)"),
    "col_cumulative_km": ("cumulatief (km)", "cumulative (km)"),
    "col_complete": ("heel jaar", "whole year"),
    "nothing_planted": ("Nog niets aangelegd.", "Nothing planted yet."),
    "history_title": ("GBDA-aandeel over de jaren", "GBDA share over the years"),
    "col_date": ("datum", "date"),
    "col_added_ha": ("erbij (ha)", "added (ha)"),
    "history_axis": ("GBDA-aandeel (%)", "GBDA share (%)"),
    "km_types": ("Km tellen voor", "Km count for"),
    "km_types_default": (
        "de lijnvormige typen (met een standaardbreedte)",
        "the linear types (those with a default width)",
    ),
    "forecast_method": ("Verwachting", "Forecast"),
    "forecast_text": (
        "uit de netto km van de laatste {window} hele jaren (gebruikt: {years}); bandbreedte "
        "{level}",
        "from the net km of the last {window} whole years (used: {years}); range {level}",
    ),
    "realised_rule": ("Gerealiseerd", "Realised"),
    "realised_rule_text": (
        "aangelegd op of voor de datum en niet verdwenen; km zijn netto",
        "planted on or before the date and not removed; km are net",
    ),
    "start": ("Start", "Start"),
    "at": ("Stand op", "As at"),
    "target_deadline": ("Doel en deadline", "Target and deadline"),
}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is ``nl`` or ``en``; else raise :class:`ConfigError`."""
    if lang not in LANGS:
        raise ConfigError(f"unknown language {lang!r}", hint="use nl or en")
    return lang


def text(key: str, lang: Lang, **values: object) -> str:
    """Return the text for ``key`` in ``lang``, with ``values`` filled in."""
    template = STRINGS[key][LANGS.index(lang)]
    return template.format(**values) if values else template


def missing(value: object) -> bool:
    """Return True for None and NaN (shown as a dash)."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def num(value: float | None, lang: Lang, decimals: int = 1) -> str:
    """Format a number in the language's style; a dash for None or NaN."""
    if value is None or missing(float(value)):
        return "–"
    return w.number(float(value), lang, decimals)


def pct(value: float | None, lang: Lang, decimals: int = 1) -> str:
    """Format a percentage: ``"5 %"``, ``"3,9 %"``."""
    return "–" if value is None or missing(float(value)) else f"{num(value, lang, decimals)} %"


def target_pct(value: float, lang: Lang) -> str:
    """Format a target percentage without needless decimals: ``"5 %"``, ``"7,5 %"``."""
    return pct(value, lang, 0 if float(value).is_integer() else 1)


def unit(value: float | None, name: str, lang: Lang, decimals: int = 1) -> str:
    """Format a number with its unit: ``"21,3 ha"``, ``"400 km"``."""
    return "–" if value is None or missing(float(value)) else f"{num(value, lang, decimals)} {name}"


def euro(value: float | None, lang: Lang) -> str:
    """Format an amount in euro, or a dash."""
    return "–" if value is None or missing(float(value)) else w.euro(float(value), lang)


def date(day: dt.date | None, lang: Lang) -> str:
    """Format a date in words: ``"31 december 2030"`` / ``"31 December 2030"``."""
    if day is None:
        return "–"
    return f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
