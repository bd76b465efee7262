"""products: gazetteer (aliases, case and spacing variants, editions), grammar for names the
gazetteer cannot know, GiNZA candidates, records with original offsets, rule-data integrity."""
from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.analyze import AEntity, Analysis, AToken
from pipeline.extractors import products
from pipeline.extractors.products import (
    EDITIONS,
    canonical_product,
    find_products,
    generic_words,
    ginza_matches,
    gazetteer,
)


def names(text: str) -> list[str]:
    return [m.product for m in find_products(unicodedata.normalize("NFKC", text))]


# --------------------------------------------------------------------------- gazetteer


@pytest.mark.parametrize("text, expected", [
    # Microsoft apps take the vendor prefix; families named without it stay so
    ("全庁でTeamsとOneDriveを使っている。", ["Microsoft Teams", "Microsoft OneDrive"]),
    ("資料はPowerPointで作成し、Excelで集計した。", ["Microsoft PowerPoint", "Microsoft Excel"]),
    ("メールはOutlook、端末管理はIntuneで行う。", ["Microsoft Outlook", "Microsoft Intune"]),
    ("Exchange Onlineへ移行した。", ["Microsoft Exchange Online"]),
    ("旧来のExchangeサーバを廃止", ["Microsoft Exchange"]),
    # devices written in katakana; the statistics services beside e-Stat
    ("操作性からアイパッドプロ10.5を推奨した。", ["iPad Pro"]),
    ("教員にはアイパッド ミニを配備した。", ["iPad mini"]),
    ("統計ダッシュボードや地図で見る統計（jSTAT MAP）で公開されている。", ["統計ダッシュボード", "地図で見る統計"]),
    ("ミクロデータはｍｉｒｉｐｏで提供される。", ["miripo"]),
    ("SharePointに掲示板を設けた", ["Microsoft SharePoint"]),
    ("Power AutomateとPower BIで集計を自動化", ["Microsoft Power Automate", "Microsoft Power BI"]),
    ("アンケートはFormsで回収する", ["Microsoft Forms"]),
    ("Skype for BusinessからTeamsへ", ["Skype for Business", "Microsoft Teams"]),
    ("Azure ADで認証を統合", ["Azure Active Directory"]),
    ("Microsoft Entra IDに移行", ["Microsoft Entra ID"]),
    ("Azureの閉域網を利用", ["Microsoft Azure"]),
    ("Azure OpenAI Serviceを庁内で試行", ["Azure OpenAI Service"]),
    ("Windows Autopilotでキッティングを省力化", ["Windows Autopilot"]),
    # other vendors
    ("Google WorkspaceとChromebookを導入した学校", ["Google Workspace", "Chromebook"]),
    ("G Suite for Educationを契約", ["G Suite for Education"]),
    ("Googleフォームで申込みを受け付ける", ["Google フォーム"]),
    ("ZoomやWebexでのオンライン会議", ["Zoom", "Webex"]),
    ("LINE WORKSで職員間の連絡を行う", ["LINE WORKS"]),
    ("LINE公式アカウントから通知する", ["LINE公式アカウント"]),
    ("市のLINEで情報発信", ["LINE"]),
    ("kintoneとGaroonを組み合わせ", ["kintone", "Garoon"]),
    ("サイボウズ Officeから移行", ["サイボウズ Office"]),
    ("BoxとDropboxを比較", ["Box", "Dropbox"]),
    ("AWSとGCPのマルチクラウド", ["Amazon Web Services", "Google Cloud Platform"]),
    ("WinActorとUiPathで定型業務を自動化", ["WinActor", "UiPath"]),
    ("BizRobo!を導入", ["BizRobo!"]),
    ("AI-OCRはDX Suiteを採用", ["DX Suite"]),
    ("ChatGPTの業務利用を検討", ["ChatGPT"]),
    ("マジックコネクトで在宅から接続", ["マジックコネクト"]),
    ("MagicConnectの端末を追加", ["マジックコネクト"]),
    ("マイナポータルのぴったりサービスで申請", ["マイナポータル", "ぴったりサービス"]),
    ("eLTAXとe-Taxに対応", ["eLTAX", "e-Tax"]),
    ("LoGoフォームとLoGoチャットを導入した町", ["LoGoフォーム", "LoGoチャット"]),
    ("住基ネットとの接続", ["住基ネット"]),
    ("RESASとV-RESASで分析", ["RESAS", "V-RESAS"]),
    ("iPadとiPhoneを貸与", ["iPad", "iPhone"]),
    ("MacBook Airを10台購入", ["MacBook Air"]),
    ("ロイロノートで課題を配る", ["ロイロノート・スクール"]),
])
def test_known_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # spacing and case variants, PDF damage
    ("Office365を契約", ["Office 365"]),
    ("office 365のライセンス", ["Office 365"]),
    ("O365の更新", ["Office 365"]),
    ("TEAMSで会議", ["Microsoft Teams"]),
    ("Microsoft365を全庁導入", ["Microsoft 365"]),
    ("M i c r o s o f t 3 6 5 の活用", ["Microsoft 365"]),
    ("i P a d を配備", ["iPad"]),
    ("T e a m s で共有", ["Microsoft Teams"]),
    ("PowerAppsでアプリを内製", ["Microsoft Power Apps"]),
    ("Power Pointの資料", ["Microsoft PowerPoint"]),
    ("ZOOMで説明会", ["Zoom"]),
    ("ＫＩＮＴＯＮＥで管理", ["kintone"]),
    ("Ｍｉｃｒｏｓｏｆｔ　Ｔｅａｍｓを利用", ["Microsoft Teams"]),
    ("LINEWORKSを試行", ["LINE WORKS"]),
    ("e-govから申請", ["e-Gov"]),
])
def test_variants(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Microsoft 365 E3とE5を比較", ["Microsoft 365 E3"]),
    ("Microsoft 365 A5の機能", ["Microsoft 365 A5"]),
    ("Microsoft 365 Business Premiumを契約", ["Microsoft 365 Business Premium"]),
    ("Office 365 E1ライセンス", ["Office 365 E1"]),
    ("Surface Pro 7+を採用", ["Surface Pro 7+"]),
    ("Surface Go 3とSurface Laptop 4", ["Surface Go 3", "Surface Laptop 4"]),
    ("Windows10搭載PC", ["Windows 10"]),
    ("Windows 8.1のサポート終了", ["Windows 8.1"]),
    ("Windows XPが残っていた", ["Windows XP"]),
    ("Windows 11へ移行", ["Windows 11"]),
    ("Windows 365を試行", ["Windows 365"]),
    ("Windows Server 2019上で稼働", ["Windows Server 2019"]),
    ("MS Office 2016を更新", ["Microsoft Office 2016"]),
    ("iPhone 15 Proを支給", ["iPhone 15 Pro"]),
    ("iPhone SEを配備", ["iPhone SE"]),
    # a count after a name is not an edition
    ("Surface Pro 6台を購入", ["Surface Pro"]),
    ("iPhone 100台", ["iPhone"]),
    ("Windows 10台", ["Windows"]),
])
def test_editions_are_their_own_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # tiers any product may carry: audiences, plan names, grades, written versions
    ("教職員にGoogle Workspace for Educationのアカウントを配布", ["Google Workspace for Education"]),
    ("来年度はGoogle Workspace for Education Plusへ切り替える", ["Google Workspace for Education Plus"]),
    ("事務局はGoogle Workspace Business Standardを契約", ["Google Workspace Business Standard"]),
    ("全校でMicrosoft 365 Educationを利用", ["Microsoft 365 Education"]),
    ("Microsoft 365 Apps for enterpriseを配信", ["Microsoft 365 Apps for enterprise"]),
    ("Microsoft Teams for Educationで授業", ["Microsoft Teams for Education"]),
    ("Teams Premiumで議事録を自動作成", ["Microsoft Teams Premium"]),
    ("文書はBox Enterpriseに保存", ["Box Enterprise"]),
    ("ChatGPT Enterpriseの試行を開始", ["ChatGPT Enterprise"]),
    ("Zoom Proのライセンスを30件", ["Zoom Pro"]),
    ("Chromebook Plusを一部の学校に配備", ["Chromebook Plus"]),
    ("Windows 11 Pro搭載の端末", ["Windows 11 Pro"]),
    ("Windows 10 Enterpriseへ更新", ["Windows 10 Enterprise"]),
    ("BizRobo! Basicを導入", ["BizRobo! Basic"]),
    ("WinActor Ver.7.4へ更新した", ["WinActor Ver.7.4"]),
    ("Minecraft Education Editionを授業で使う", ["Minecraft Education"]),
    # a tier needs a word boundary, and English words that are no tier stay out
    ("kintone Proxy経由で接続", ["kintone"]),
    ("LoGoフォーム Standardsに準拠", ["LoGoフォーム"]),
    # a tier named as a plan after the product: both the product and the edition
    ("Box:Enterpriseプランを100ユーザー分", ["Box", "Box Enterprise"]),
    ("Microsoft 365のE3ライセンスを購入", ["Microsoft 365", "Microsoft 365 E3"]),
    ("Zoomの Pro版を契約", ["Zoom", "Zoom Pro"]),
    ("Zoomの有料版を契約", ["Zoom"]),
    # a line broken inside the tier (PDF extraction), but not before it
    ("Google Workspace for\nEducationを導入", ["Google Workspace for Education"]),
    ("会議はZoom\nBusiness Continuity Planの訓練", ["Zoom"]),
    # a brand before a known product, as written
    ("Microsoft Azure OpenAI Serviceを活用", ["Microsoft Azure OpenAI Service"]),
    # a brand's name joined by for/of outgrows the known name it begins with
    ("Microsoft Copilot for Securityを試行", ["Microsoft Copilot for Security"]),
    ("会議室にMicrosoft Teams Rooms for Windowsを設置", ["Microsoft Teams Rooms for Windows"]),
    ("Microsoft Power Automate for desktopで自動化", ["Microsoft Power Automate"]),
    ("Google Summer of Codeに参加", []),
    # a deployment: the hosted or on-premises edition
    ("旧来のSkype for Business Onlineから移行", ["Skype for Business Online"]),
    ("Word Onlineで共同編集する", ["Microsoft Word Online"]),
    ("庁内のBox Serverは廃止", ["Box Server"]),
])
def test_tiers_make_their_own_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a coined maker's name the gazetteer does not know, then capitalized words
    ("職員はFooWare Cloud Governanceで権限を管理", ["FooWare Cloud Governance"]),
    ("BarSoft Records Managerを導入した", ["BarSoft Records Manager"]),
    ("新たにQuuxLab Portal for Schools Proを試行", ["QuuxLab Portal for Schools Pro"]),
    ("DataHive Office of Records 2を採用", ["DataHive Office of Records 2"]),
    # bounded: Japanese text, a lower-case word, punctuation end it
    ("FooWare Cloud and more", ["FooWare Cloud"]),
    ("FooWare Cloud, Bar Cloud", ["FooWare Cloud"]),
    # a company, not a product
    ("FooWare社の製品", []),
    ("FooWare Japanが提供する", []),
    ("FooWare Corporationの発表", []),
    ("FooWare Inc. とは", []),
    # a plain English head names nothing, nor a coined word alone
    ("Online Meetingで説明", []),
    ("Cloud Governanceの考え方", []),
    ("FooWareの担当者", []),
    # English words only name no product, even in a product context
    ("Cloud Serviceを導入する", []),
    ("「Online Meeting」を活用", []),
    ("Data Management Platformを構築", []),
    # a coined word inside an English phrase is no maker's name
    ("大会はAcme FooWare Tour Finalsで", []),
])
def test_products_of_makers_not_in_the_lexicon(text, expected):
    assert names(text) == expected


def test_plan_after_product_quotes_the_tier_only():
    found = find_products("Box:Business Plusプランを契約")
    assert [(m.text, m.product) for m in found] == [("Box", "Box"),
                                                    ("Business Plus", "Box Business Plus")]


@pytest.mark.parametrize("text, expected", [
    # the vendor's own spelling, as the Japanese public sees it
    ("gBizIDでログインする", ["GビズID"]),
    ("GビズIDプライムのアカウント", ["GビズID"]),
    ("サイボウズOfficeで掲示板を運用", ["サイボウズ Office"]),
    ("desk'nets NEOのワークフロー", ["desknet's NEO"]),
    ("申請はGraffer スマート申請で受け付ける", ["Graffer スマート申請"]),
    # Google's apps: a Japanese spelling reaches the Japanese name, a Latin one the English
    ("避難所はGoogleマップで案内する", ["Google マップ"]),
    ("避難所はGoogle Mapsで案内する", ["Google Maps"]),
    ("グーグルドライブで共有", ["Google ドライブ"]),
    ("Google Driveで共有", ["Google Drive"]),
    ("集計はGoogleスプレッドシートで行う", ["Google スプレッドシート"]),
    # renamed or distinct products are separate
    ("Lotus Notesから移行", ["Lotus Notes"]),
    ("LyncからTeamsへ", ["Microsoft Lync", "Microsoft Teams"]),
    ("VS Codeで開発", ["Visual Studio Code"]),
    ("freee会計とfreee人事労務", ["freee会計", "freee人事労務"]),
    ("Copilot for Microsoft 365を試行", ["Microsoft Copilot for Microsoft 365"]),
    ("Microsoft 365 Copilotを全庁展開", ["Microsoft 365 Copilot"]),
])
def test_vendor_spelling_and_separate_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # cashless payment
    ("窓口でPayPay、楽天ペイ、d払い、au PAYが使える", ["PayPay", "楽天ペイ", "d払い", "au PAY"]),
    ("メルペイとLINE Payにも対応", ["メルペイ", "LINE Pay"]),
    ("SuicaやPASMO、ICOCAで支払う", ["Suica", "PASMO", "ICOCA"]),
    ("税はペイジーでも納付できる", ["Pay-easy"]),
    # education
    ("算数はQubenaで個別学習", ["Qubena"]),
    ("ミライシードのオクリンクで提出", ["ミライシード", "オクリンク"]),
    ("schoolTaktとMetaMoJi ClassRoomを比較", ["schoolTakt", "MetaMoJi ClassRoom"]),
    ("不登校の児童にすららを提供", ["すらら"]),
    ("高校ではClassiとスタディサプリ", ["Classi", "スタディサプリ"]),
    ("学習eポータルはまなびポケット、CBTはMEXCBT", ["まなびポケット", "MEXCBT"]),
    # telephony
    ("庁内電話をArcstar Smart PBXに集約", ["Arcstar Smart PBX"]),
    ("コールセンターにMiiTelとDialpadを試行", ["MiiTel", "Dialpad"]),
    ("Zoom PhoneとTeams Phoneを比較", ["Zoom Phone", "Microsoft Teams Phone"]),
    # e-application and public platforms
    ("jGrantsとGビズIDで補助金申請", ["jGrants", "GビズID"]),
    ("ふるさと納税はさとふるとふるなびで受け付ける", ["さとふる", "ふるなび"]),
    ("e-Gov電子申請で届け出る", ["e-Gov電子申請"]),
    ("地理院地図に重ねて表示", ["地理院地図"]),
    # RPA, AI-OCR
    ("読取革命とAIReadでOCRを比較", ["読取革命", "AIRead"]),
    ("RoboPatで自動化", ["Robo-Pat DX"]),
    # groupware, chat
    ("GroupSessionとNI Collabo 360の比較", ["GroupSession", "NI Collabo 360"]),
    ("LGWAN上でLGTalkやInCircleを使う", ["LGTalk", "InCircle"]),
    # generative AI
    ("QommonsAIとexaBase 生成AIを比較した", ["QommonsAI", "exaBase 生成AI"]),
    ("Microsoft CopilotとGeminiを試行", ["Microsoft Copilot", "Gemini"]),
    ("tsuzumiやcotomiなど国産LLM", ["tsuzumi", "cotomi"]),
    ("会議録はNottaで文字起こし", ["Notta"]),
])
def test_municipal_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a kind noun before a quoted name makes it a product
    ("クラウドPBX「ひびきフォン」に移行した", ["ひびきフォン"]),
    ("AI型ドリル教材「まなぶんDX」を導入", ["まなぶんDX"]),
    ("RPA「RoboNavi」とAI-OCR「YomiTori」を組み合わせ", ["RoboNavi", "YomiTori"]),
    ("生成AI「まちGPT」の試行", ["まちGPT"]),
])
def test_category_noun_before_quoted_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # an e-application service named with a prefecture's or city's name in kana or Latin
    ("県のやまなし電子申請サービスで受け付ける", ["やまなし電子申請サービス"]),
    ("いばらき電子申請・届出サービスから申し込む", ["いばらき電子申請・届出サービス"]),
    ("e-kanagawa電子申請で届け出る", ["e-kanagawa電子申請"]),
    # but no adverb, particle or demonstrative before a generic 電子申請
    ("窓口からの電子申請サービスも", []),
    ("新たな電子申請サービスを構築", []),
    ("、この電子申請システムは", []),
    ("、そのほか電子申請サービスでも", []),
    ("すべて電子申請システムで受け付ける", []),
    ("手数料収入(うち電子申請システム分)", []),
])
def test_named_e_application_services(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a municipality's portal, app or system named with its name and a coined Latin word
    ("申請窓口は「南山町e-Minamiポータル」に集約した。", ["南山町e-Minamiポータル"]),
    ("防災情報は『北川市KitaNaviアプリ』で配信する", ["北川市KitaNaviアプリ"]),
    # not an upper-case abbreviation (DX, ICT, IoT) or a name without the municipality
    ("「北市DXシステム」の検討を始めた", []),
    ("「西村IoTシステム」の実証", []),
    ("「県民ICTポータル」", []),
    ("「Smartポータル」に集約", []),
])
def test_municipal_systems_with_coined_latin_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a new name with a known former name is a product of the same maker
    ("市公式X(旧Twitter)で発信している", [("X", "X Corp."), ("Twitter", "X Corp.")]),
    ("Contoso Notes(旧称:kintone)へ移行", [("Contoso Notes", "サイボウズ"), ("kintone", "サイボウズ")]),
    # a former name that is no product makes nothing
    ("ABC(旧社名:富士通)の担当者", []),
])
def test_renamed_products(text, expected):
    found = find_products(unicodedata.normalize("NFKC", text))
    assert [(m.product, m.vendor) for m in found] == expected


@pytest.mark.parametrize("text, expected", [
    ("議会のタブレットでSideBooksとmoreNOTEを比較", ["SideBooks", "moreNOTE"]),
    ("防災情報はNERV防災アプリでも配信", ["NERV防災"]),
    ("子育て支援に母子モを導入", ["母子モ"]),
    ("電子図書館はLibrariEとTRC-DLを併用", ["LibrariE", "TRC-DL"]),
    ("職員研修にUdemy Businessを導入", ["Udemy Business"]),
    ("説明会ではSlidoで質問を受け付けた", ["Slido"]),
    ("書類はScanSnapで電子化", ["ScanSnap"]),
    ("端末はLAVIEとLIFEBOOKを調達", ["LAVIE", "LIFEBOOK"]),
])
def test_more_municipal_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # app stores, OSes and office suites of app notices and procurement specifications
    ("アプリはApple App StoreとGoogle Play ストアから入手できる", ["App Store", "Google Play"]),
    ("端末はLinuxで、文書はLibreOfficeとFirefoxで作る", ["Linux", "LibreOffice", "Mozilla Firefox"]),
    ("ペン入力はアップルペンシルで行う", ["Apple Pencil"]),
    # national alerting and visitor services, school and council apps
    ("聴覚障害者向けにNET119緊急通報システムを運用", ["NET119"]),
    ("大雨の際はキキクルで危険度を確認する", ["キキクル"]),
    ("学習eポータルはL-Gate、動画はNHK for Schoolを使う", ["L-Gate", "NHK for School"]),
    ("欠席連絡はスクリレで受け付ける", ["スクリレ"]),
    ("傍聴席ではUDトークで字幕を表示する", ["UDトーク"]),
    # transport IC cards and wallets at a counter; katakana spellings of AI services
    ("窓口ではTOICAやmanaca、Alipayが使える", ["TOICA", "manaca", "Alipay"]),
    ("ジェミニとコパイロットを試行し、パワーオートメイトで集計した",
     ["Gemini", "Microsoft Copilot", "Microsoft Power Automate"]),
    # more public-sector services: hazard portal, disaster medical system, remote access, MDM
    ("国のハザードマップポータルサイトで確認", ["ハザードマップポータルサイト"]),
    ("病院の被災状況はEMISで共有する", ["EMIS"]),
    ("在宅勤務はmoconaviで、端末管理はCLOMOで行う", ["moconavi", "CLOMO"]),
    ("蔵書はカーリルで検索でき、会議録はCLOVA Noteで起こす", ["カーリル", "CLOVA Note"]),
    ("都市OSにFIWAREを採用", ["FIWARE"]),
])
def test_more_lexicon_rows(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a katakana name followed by a katakana noun of the same compound
    ("市のユーチューブチャンネルで配信する", ["YouTube"]),
    ("区のフェイスブックページとライン公式アカウント", ["Facebook", "LINE公式アカウント"]),
    ("連絡はチームズチャットで行う", ["Microsoft Teams"]),
    # but not a katakana word that merely begins with a name
    ("ロゴフォームズの説明", []),
    # a short English alias needs its edition: Win10 is Windows 10, Win-Win no product
    ("Win10の端末をWin11へ更新", ["Windows 10", "Windows 11"]),
    ("Win-Winの関係を築く", []),
    ("クロームOSの端末", ["ChromeOS"]),
])
def test_katakana_compounds_and_short_aliases(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a municipality's own app, navigator, portal or dashboard named with its name
    ("災害時は北浜市防災アプリで通知する", ["北浜市防災アプリ"]),
    ("子育て情報は南川町子育てナビで探せる", ["南川町子育てナビ"]),
    ("統計は静岡県オープンデータポータルで公開", ["静岡県オープンデータポータル"]),
    ("さいたま市ごみ分別アプリを配信", ["さいたま市ごみ分別アプリ"]),
    # before a quoted name the noun only describes it
    ("西浜市公式アプリ「にしはまナビ」を公開", ["にしはまナビ"]),
    # no particle, audience or deictic: no name
    ("北浜市の防災アプリを配信", []),
    ("北浜市職員向けアプリを開発", []),
    ("本市防災アプリの登録者", []),
    ("各市防災アプリを比較", []),
    ("都市防災アプリの研究", []),
    ("市町村ポータルに掲載", []),
])
def test_municipal_services_named_with_the_municipality(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a name in brackets after a category noun
    ("RPA（ロボ太郎）で入力を自動化", ["ロボ太郎"]),
    ("AI-OCR（ヨミトルくん）で読み取る", ["ヨミトルくん"]),
    # not a kind or form, nor the reading of the abbreviation
    ("電子申請システム（クラウド型）を導入", []),
    ("基幹システム（パッケージ方式）", []),
    ("RPA（アールピーエー）を導入", []),
    ("SaaS（サース）を利用", []),
    ("AI-OCR（人工知能技術による文字認識）を試行", []),
])
def test_names_in_brackets_after_a_category(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a label names the product: 製品名：X, システムの名称は「X」, サービス名は『X』
    ("学習支援ソフト（商品名：ミライタクト）を導入", ["ミライタクト"]),
    ("製品名：マモルクン", ["マモルクン"]),
    ("新システムの名称は「ヨムカク」とした", ["ヨムカク"]),
    ("サービス名は『まちかど受付』とする", ["まちかど受付"]),
    # other names after a label are not products: buildings, events, forms' fields
    ("広場の名称は「みなみ広場」とした", []),
    ("愛称：さくらホール", []),
    ("名称：未定", []),
    ("製品名：ABC株式会社", []),
])
def test_labelled_names(text, expected):
    assert names(text) == expected


def test_edition_span_covers_the_edition():
    (m,) = find_products("職員端末はSurface Pro 6とする")
    assert m.text == "Surface Pro 6"


def test_longest_alias_wins():
    assert names("Microsoft Teams Roomsを会議室に設置") == ["Microsoft Teams Rooms"]
    assert names("Exchange Onlineへ") == ["Microsoft Exchange Online"]


@pytest.mark.parametrize("name, expected", [
    ("Teams", ("Microsoft Teams", "Microsoft", "communication")),
    ("Office365", ("Office 365", "Microsoft", "suite")),
    ("O365", ("Office 365", "Microsoft", "suite")),
    ("Microsoft 365 E5", ("Microsoft 365 E5", "Microsoft", "suite")),
    ("  surface pro 6 ", ("Surface Pro 6", "Microsoft", "device")),  # names of two words: any case
    ("surface", None),  # a plain English word matches in its own case only
    ("Surface Pro 6", ("Surface Pro 6", "Microsoft", "device")),
    ("キントーン", ("kintone", "サイボウズ", "lowcode")),
    ("Teams会議", None),
    ("チャット", None),
    ("", None),
])
def test_canonical_product(name, expected):
    assert canonical_product(name) == expected


# --------------------------------------------------------------------------- grammar


@pytest.mark.parametrize("text, expected", [
    ("防災アプリ「まもるくん」を配信している。", ["まもるくん"]),
    ("電子申請サービス『スマート窓口ナビ』を利用できる。", ["スマート窓口ナビ"]),
    ("市民向けに「はかたモバイル」を導入した。", ["はかたモバイル"]),
    ("会議録検索システム「ぎじろくサーチ」で公開", ["ぎじろくサーチ"]),
    ("地域ポータル「みなと+(プラス)」の登録者", ["みなと+"]),
    ("保育の連絡に「HoikuLink（ホイクリンク）」を導入", ["HoikuLink"]),
    ("子育て情報ネットワーク(すくすくネット)を立ち上げた", ["すくすくネット"]),
    ("NaviCity（市民向け申請システム）を開始した", ["NaviCity"]),
    ("ChoiceMapを活用して避難所を案内する", ["ChoiceMap"]),
    ("TownPassというアプリで", ["TownPass"]),
    ("テガルミルというシステムを試行", ["テガルミル"]),
    ("AI議事録システム「SMARTMINUTES」を導入", ["SMARTMINUTES"]),
    ("業務は「Cloud Ledger Pro」などのアプリで処理する", ["Cloud Ledger Pro"]),
    # a vendor brand before capitalized words names a product of that brand
    ("Microsoft Whiteboardで議論した", ["Microsoft Whiteboard"]),
    ("Google Lensで翻訳", ["Google Lens"]),
    # a quoted Latin name beats known names inside it
    ("生成AI「Gemini Assist for Google Workspace」を導入", ["Gemini Assist for Google Workspace"]),
])
def test_unknown_names_in_product_contexts(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a page's share buttons name where the page can be sent, not what the body uses
    ("このページの情報をフェイスブックでシェアできます\n職員はLINE WORKSで連絡している。", ["LINE WORKS"]),
    ("この記事をXでポストする\nこの記事をFacebookでシェアする\n市はFacebookで発信している。", ["Facebook"]),
    ("LINEで送る\n本市はLINEを活用して通知する。", ["LINE"]),
    # A×B joins two themes: no product name
    ("「自治体×生成AI」の活用事例を紹介します。", []),
    ("「教育×ICTシステム」の活用を進める。", []),
])
def test_page_chrome_and_theme_headings_are_no_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("name, expected", [
    ("SMARTMINUTES", True),
    ("はかたモバイル", True),
    # a generic technology after a qualifier, a theme heading
    ("自治体RPA", False),
    ("クラウドRPA", False),
    ("手書きAI-OCR", False),
    ("行政×Web会議システム", False),
])
def test_looks_like_name(name, expected):
    from pipeline.extractors.products import looks_like_name

    assert looks_like_name(name) is expected


def test_unknown_name_inherits_vendor_of_known_part():
    (m,) = find_products("「Copilot Pro for Microsoft Teams」を導入")
    assert m.product == "Copilot Pro for Microsoft Teams"
    assert m.vendor == "Microsoft"
    assert m.source == "quoted"


def test_quoted_known_name_stays_canonical():
    (m,) = find_products("ビジネスメールサービス『Microsoft Exchange』を利用")
    assert (m.product, m.source) == ("Microsoft Exchange", "gazetteer")


# --------------------------------------------------------------------------- GiNZA candidates


def analysis_of(entities, proper_nouns=()):
    """An Analysis built by hand: GiNZA entities and the spans unidic calls proper nouns."""
    tokens = tuple(AToken(0, s, e, "", "", "名詞-固有名詞", "") for s, e in proper_nouns)
    return Analysis((), tokens, tuple(entities), ())


@pytest.mark.parametrize("text, place, expected", [
    # a place name unidic knows, without 市 or 県, before what the service is about
    ("左上の北浜データダッシュボードを公開した", "北浜", ["北浜データダッシュボード"]),
    ("情報は南川防災ナビで確認できる", "南川", ["南川防災ナビ"]),
    # not with a particle, an audience, or a country's name
    ("北浜の防災アプリを使う", "北浜", []),
    ("北浜職員向けアプリを開発", "北浜", []),
    ("日本データポータルを参照", "日本", []),
])
def test_services_named_with_a_place_name(text, place, expected):
    s = text.index(place)
    tag = "名詞-固有名詞-地名-国" if place == "日本" else "名詞-固有名詞-地名-一般"
    tokens = (AToken(0, s, s + len(place), place, place, "PROPN", "", tag),)
    found = find_products(text, Analysis((), tokens, (), ()))
    assert [m.product for m in found] == expected


def test_ginza_entities_need_a_product_context():
    text = "クラウド型の「ミライノート」を導入し、ミライノートの会議では"
    s = text.index("ミライノート")
    t = text.rindex("ミライノート")
    ents = [AEntity(s, s + 6, "Product_Other"), AEntity(t, t + 6, "Product_Other")]
    found = ginza_matches(text, analysis_of(ents, [(s, s + 6), (t, t + 6)]))
    assert [(m.start, m.product, m.source) for m in found] == [(s, "ミライノート", "ginza")]


def test_ginza_entities_must_look_like_proper_names():
    text = "タービンエンジンを開発し、ZetaCloud基盤を採用した"
    ents = [AEntity(0, 8, "Product_Other"), AEntity(13, 24, "Product_Other")]
    found = ginza_matches(text, analysis_of(ents))
    assert [m.product for m in found] == ["ZetaCloud基盤"]


@pytest.mark.parametrize("label", ["Person", "City", "Company", "Date"])
def test_ginza_non_product_labels_are_ignored(label):
    text = "ミライノートを導入した"
    assert ginza_matches(text, analysis_of([AEntity(0, 6, label)], [(0, 6)])) == []


def test_ginza_generic_words_are_filtered():
    text = "タブレットを導入し、チャットを活用する"
    ents = [AEntity(0, 5, "Product_Other"), AEntity(10, 14, "Product_Other")]
    assert ginza_matches(text, analysis_of(ents, [(0, 5), (10, 14)])) == []


# --------------------------------------------------------------------------- records


def test_extract_maps_to_original_offsets(make_context):
    original = "本市ではＭｉｃｒｏｓｏｆｔ　Ｔｅａｍｓと i P a d を活用する。"
    ctx = make_context(original)
    records = products.extract(ctx, {})
    assert [r.product for r in records] == ["Microsoft Teams", "iPad"]
    for r in records:
        assert original[r.start:r.end] == r.text
    assert records[0].vendor == "Microsoft" and records[0].category == "communication"


def test_extract_gives_one_record_per_mention(make_context):
    ctx = make_context("Teamsで会議をし、Teamsで共有する。")
    assert [r.product for r in products.extract(ctx, {})] == ["Microsoft Teams"] * 2


@pytest.mark.slow
def test_extract_with_analysis(make_context):
    text = ("本市は2023年にMicrosoft 365を導入し、職員はSurface Pro 9とTeamsを使っている。"
            "また、電子申請サービス「まちナビ申請」を利用している。タブレットとチャットも活用している。")
    ctx = make_context(text, analysis=True)
    got = [r.product for r in products.extract(ctx, {})]
    assert got[:4] == ["Microsoft 365", "Surface Pro 9", "Microsoft Teams", "まちナビ申請"]
    assert "タブレット" not in got and "チャット" not in got


# --------------------------------------------------------------------------- properties, speed


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("TeamsOfice365 iPadキントーン「」を導入アプリ、。LINE\n-")),
               max_size=80))
def test_matches_are_ordered_disjoint_and_quote_the_text(text):
    found = find_products(text)
    for m in found:
        assert text[m.start:m.end] == m.text and m.product
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


# --------------------------------------------------------------------------- rule data

CATEGORIES = set("suite productivity communication groupware storage lowcode analytics cloud_platform"
                 " security os device browser rpa ocr ai remote_access public_system business_app sns"
                 " database development payment education".split())


def test_gazetteer_rows_are_well_formed():
    entries = {entry for entry, _ in gazetteer().values()}
    assert len(entries) >= 250
    for entry in entries:
        assert entry.category in CATEGORIES, entry
        assert entry.vendor, entry
        assert entry.edition is None or entry.edition in EDITIONS or entry.edition == "module", entry
        assert entry.canonical == " ".join(entry.canonical.split())
        assert canonical_product(entry.canonical)[0] == entry.canonical or entry.edition


def test_generic_words_are_not_product_aliases():
    words, _ = generic_words()
    assert not words & set(gazetteer())


def test_seed_gold_products_f1(shared_dir):
    """Products on the shared seed documents, scored like gold/score.py (no GiNZA)."""
    from pipeline.extractors import DocContext
    from pipeline.normalize import normalize

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", s).split()).casefold()

    tp = pred = gold = 0
    for gpath in sorted((shared_dir / "gold").glob("*.json")):
        g = json.loads(gpath.read_text(encoding="utf-8"))
        source = shared_dir / "corpus" / "seeds" / g["doc"]
        ctx = DocContext(g["doc"], normalize(source.read_text(encoding="utf-8")))
        p = {norm(r.product) for r in products.extract(ctx, {})}
        want = {norm(x["product"]) for x in g["products"]}
        tp, pred, gold = tp + len(p & want), pred + len(p), gold + len(want)
    precision, recall = tp / pred, tp / gold
    assert 2 * precision * recall / (precision + recall) >= 0.92


# --------------------------------------------------------------------------- loose spellings


@pytest.mark.parametrize("text, expected", [
    # a katakana rendering that is also an ordinary word, beside an ICT word
    ("委員会はズームで開催し、", ["Zoom"]),
    ("来月のズーム会議に参加する。", ["Zoom"]),
    ("保護者向けにズームミーティングを行った。", ["Zoom"]),
    ("町の公式ラインに友だち登録をお願いしたい。", ["LINE公式アカウント"]),
    ("ラインのアカウントで申請を受け付ける。", ["LINE"]),
    # a plain English-looking name in lower case, beside an ICT word
    ("研修はteamsで会議を行う。", ["Microsoft Teams"]),
    ("昨夜はzoomで勉強会を配信した。", ["Zoom"]),
    ("資料はkeynote(発表用ソフト)で作った。", ["Keynote"]),
    # a release glued to the name is read with it, the product stays
    ("窓口の案内にChatGPT3.5を使う。", ["ChatGPT"]),
    ("試行ではChatGPT4.0とGemini", ["ChatGPT", "Gemini"]),
    # the word orders of a city's LINE account; a katakana name in words
    ("村の公式LINEアカウントを開設した。", ["LINE公式アカウント"]),
    ("市の公式LINEで防災情報を届ける。", ["LINE公式アカウント"]),
    ("授業ではグーグル・クラスルームを使う。", ["Google Classroom"]),
    ("議員全員にアイパットを貸与した。", ["iPad"]),
    # a quoted name right before the noun of what it is
    ("同時に「まちメモ」アカウントも開設した。", ["まちメモ"]),
    ("子育て情報は「すくすくNavi」アプリで配信する。", ["すくすくNavi"]),
])
def test_loose_spellings_of_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "カメラのズーム機能で拡大して撮影する。",
    "望遠レンズでズームして撮った。",
    "ズームの倍率を上げる。",
    "生産ラインを増設した。",
    "スタートラインに立った。",
    "ラインを引いて区切る。",
    "the keynote speech was long",
    "zoom in on the map",
    "「子育て」アプリの検討",
    "「防災」システムの更新",
    "売上が2.5倍になった。",
])
def test_ordinary_words_are_not_loose_spellings(text):
    assert names(text) == []


def test_context_aliases_name_rows_of_the_gazetteer():
    from pipeline.extractors.products import context_aliases, context_aliases_by_canonical
    canonicals = {entry.canonical for entry, _ in gazetteer().values()}
    assert context_aliases()
    for alias, canonical in context_aliases_by_canonical():
        assert canonical in canonicals, alias


def test_a_decimal_after_a_device_is_no_version():
    hits = find_products("アイパッドプロ10.5又は12.9インチを推奨")
    assert [(m.text, m.product) for m in hits] == [("アイパッドプロ", "iPad Pro")]


@pytest.mark.parametrize("text, expected", [
    # a place written in hiragana that the document also writes in kanji: a branded service
    ("北浜市は、きたはまくらしのマップで公開している。", ["きたはまくらしのマップ"]),
    ("北浜市の、きたはまえきまえナビを使う。", ["きたはまえきまえナビ"]),
    # not with の right after the place, nor when the kanji place is not written
    ("北浜市は、きたはまの観光マップを配った。", []),
    ("みなで、きたはまくらしのマップを見る。", []),
])
def test_services_named_with_a_place_in_hiragana(text, expected):
    tag = "名詞-固有名詞-地名-一般"
    tokens = []
    for place in ("北浜", "きたはま"):
        s = text.find(place)
        if s >= 0:
            tokens.append(AToken(0, s, s + len(place), place, place, "PROPN", "キタハマ", tag))
    found = find_products(text, Analysis((), tuple(sorted(tokens, key=lambda t: t.start)), (), ()))
    assert [m.product for m in found] == expected


# --------------------------------------------------------------------------- product lines


@pytest.mark.parametrize("text, expected", [
    # a module after a brand the lexicon marks as a product line, in katakana, as a kanji
    # app noun, or as a capitals word after a space
    ("導入製品：rakumo ケイヒ / rakumo キンタイ", ["rakumo ケイヒ", "rakumo キンタイ"]),
    ("来年度はrakumo ワークフローの対象を広げる。", ["rakumo ワークフロー"]),
    ("署名はGraffer 電子署名アプリで行います。", ["Graffer 電子署名アプリ"]),
    ("基幹系はMICJET MISALIOへ移行した。", ["MICJET MISALIO"]),
    # the brand alone, and nouns that follow any product, are the brand's own product
    ("グループウェアとrakumoサービスを契約した。", ["rakumo"]),
    ("職員のrakumo アカウントを発行する。", ["rakumo"]),
    ("MICJETの更新時期を確認した。", ["MICJET"]),
    # a brand the lexicon does not know: two of its modules listed on one line make it a
    # line, and then its modules are products wherever they are named
    ("採用サービス: nimbo ワークフロー / nimbo カレンダー\n今後はnimbo ワークフローで決裁する。",
     ["nimbo ワークフロー", "nimbo カレンダー", "nimbo ワークフロー"]),
    ("採用サービス：tomoni ボード、tomoni スケジュール", ["tomoni ボード", "tomoni スケジュール"]),
])
def test_modules_of_a_product_line(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "集計にはpython スクリプトを使った。",          # one module-like word: no line
    "nimbo ワークフローを試した。",                 # an unknown brand named once
    "nimbo アプリ / nimbo アカウント",              # nouns of what any product is or has
    "nimbo ワークフロー。別の話でnimbo カレンダー",  # not one list
])
def test_unknown_brands_without_a_list_of_modules_are_no_products(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("アプリ『母子モ』が北浜町で導入され、『きたはまっこアプリ』として4月1日より提供を開始します。",
     ["母子モ", "きたはまっこアプリ"]),
    ("町はkintoneを採用し、「Kitahama Note」の名称で配信する。", ["kintone", "Kitahama Note"]),
])
def test_a_known_product_offered_under_a_towns_own_name(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("LINEで「子育てチャット」として提供する。", ["LINE"]),   # a use of LINE, not an adoption
    ("町は「オンライン健康相談」として提供する。", []),          # no known product before it
    ("母子モを導入した。「すくすく相談」として提供する。", ["母子モ"]),  # another sentence
])
def test_quoted_names_offered_without_an_adopted_product_are_no_products(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("OS：Windows10 pro または Windows 11 home", ["Windows 10 Pro", "Windows 11 Home"]),
    ("OS：Windows 11 Pro", ["Windows 11 Pro"]),
    ("メールクライアント「Windows live mail」を廃止", ["Windows Live Mail"]),
])
def test_lower_case_tiers_after_an_edition(text, expected):
    assert names(text) == expected


def test_a_lower_case_tier_needs_an_edition():
    assert names("端末はSurface pro で統一") == ["Surface Pro"]  # a row's name, any case
    assert names("Zoom pro版") != ["Zoom Pro"]


@pytest.mark.parametrize("text, expected", [
    ("旧システムはInternetExplorer8 にのみ対応していた。", ["Internet Explorer 8"]),
    ("IE11 のサポート終了に伴い", ["Internet Explorer 11"]),
    ("Internet Explorerで閲覧できない", ["Internet Explorer"]),
    ("IE は推奨しない", []),            # two capitals alone: only with a version
    ("IEEE 802.11ac に準拠", []),
])
def test_a_browser_takes_its_major_version(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("申請データはカスタマインで整形し、kMailerで通知する。", ["gusuku Customine", "kMailer"]),
    ("帳票はプリントクリエイター、一覧はkrewSheetで作る。", ["プリントクリエイター", "krewSheet"]),
    ("庁内の連絡はチャットラックに切り替えた。", ["ChatLuck"]),
    ("データコレクトとkrewDataで集計し、kBackupで保全", ["データコレクト", "krewData", "kBackup"]),
])
def test_kintone_plug_ins_and_business_chat_rows(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("◇FooNote〔北浜ソフト(株) 〕 ◇ミライボード〔南山システム(株)〕", ["FooNote", "ミライボード"]),
    ("参考製品 ScanBar（北浜電機株式会社製）または同等品", ["ScanBar"]),
    ("プリンター（株式会社北浜製）を設置する", []),        # a kind of device
    ("Fooware（株式会社Fooware）と協定を結んだ", []),      # a company glossed
    ("アドバイザー（株式会社北浜）が同席", []),            # katakana in round brackets
])
def test_a_name_followed_by_its_maker_in_brackets(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ネオジャパンのAppSuiteで業務アプリを作った。", ["AppSuite"]),
    ("トラストバンクのLoGoワークフローで決裁する。", ["LoGoワークフロー"]),
    ("富士通Japanの IPKNOWLEDGE で財務を管理", ["IPKNOWLEDGE"]),
    ("ネオジャパン社製のAppSuiteを採用", ["AppSuite"]),
])
def test_a_makers_product_the_lexicon_does_not_know(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Bot Express Showcase 第9回を開催した。",   # a bare space: the maker's event
    "NTTのIOWN構想に参加する。",               # capitals run on into a programme's noun
    "NECのAIで分析した。",                     # a generic term
    "富士通のPCを更新する。",
    "ネオジャパンの担当者が説明した。",
])
def test_words_after_a_maker_that_are_no_products(text):
    assert names(text) == []
